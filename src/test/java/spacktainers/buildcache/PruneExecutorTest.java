package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import spacktainers.common.Reporter;

class PruneExecutorTest {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  static final PruneExecutor.Settings FAST = new PruneExecutor.Settings(1000, 4, 3, Duration.ofMillis(1));

  static String hash(int i) {
    return CacheFixture.hash("spec" + i);
  }

  /** The v2 pair of one spec, spec file (entry point) first. */
  static List<Deletion> pair(MemoryBucketStore store, int i) {
    String h = hash(i);
    StoredObject spec = new StoredObject("build_cache/linux-x-gcc-1-p" + i + "-1.0-" + h + ".spec.json.sig", 10, T, "e");
    StoredObject tar = new StoredObject("build_cache/linux-x/gcc-1/p" + i + "-1.0/linux-x-gcc-1-p" + i + "-1.0-" + h
        + ".spack", 100, T, "e");
    store.put(spec);
    store.put(tar);
    return List.of(new Deletion(spec, Layout.V2, h, "p" + i, Reason.TOO_OLD, ""),
        new Deletion(tar, Layout.V2, h, "p" + i, Reason.TOO_OLD, ""));
  }

  @Test
  void manyKeysGoInBatchesOfAtMostAThousandAsFewAsPossible() {
    // The original janitor's test: 3272 too-old specs -> 6544 keys -> 7 DeleteObjects calls.
    MemoryBucketStore store = new MemoryBucketStore();
    List<Deletion> all = new ArrayList<>();
    for (int i = 0; i < 3272; i++) {
      all.addAll(pair(store, i));
    }
    PruneExecutor.Outcome o = new PruneExecutor(store, Reporter.SILENT, FAST).apply(all);
    assertEquals(6544, o.deleted().size());
    assertEquals(7, store.deleteBatches().size());
    assertEquals(7, o.requests());
    assertTrue(store.deleteBatches().stream().allMatch(b -> b.size() <= 1000));
    assertTrue(o.failures().isEmpty());
    assertTrue(store.keys().isEmpty());
    assertEquals(3272L * 110, o.deletedBytes());
    // Full batches of spec files come before any tarball is deleted.
    for (int b = 0; b < 3; b++) {
      assertTrue(store.deleteBatches().get(b).stream().allMatch(k -> k.endsWith(".sig")), "batch " + b);
    }
  }

  @Test
  void perKeyErrorsAreRetriedAndWhatStillFailsIsReported() {
    MemoryBucketStore store = new MemoryBucketStore();
    List<Deletion> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.addAll(pair(store, i));
    }
    String stubborn = all.get(7).key();            // a tarball that never goes
    store.keyFault = (k, attempt) -> k.equals(stubborn) ? "InternalError"
        : attempt == 1 && k.hashCode() % 3 == 0 ? "SlowDown" : null;
    PruneExecutor.Outcome o = new PruneExecutor(store, Reporter.SILENT, FAST).apply(all);
    assertEquals(1, o.failures().size());
    assertEquals(stubborn, o.failures().get(0).key());
    assertEquals("InternalError", o.failures().get(0).code());
    assertEquals(List.of(stubborn), store.keys());
    assertEquals(99, o.deleted().size());
    assertEquals(1 + 3, store.deleteBatches().size(), "one request, then three retry rounds");
  }

  @Test
  void aFailedEntryPointKeepsItsDataAndNothingIsSwallowed() {
    MemoryBucketStore store = new MemoryBucketStore();
    List<Deletion> all = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      all.addAll(pair(store, i));
    }
    String spec = all.get(0).key();
    String tarball = all.get(1).key();
    store.keyFault = (k, attempt) -> k.equals(spec) ? "AccessDenied" : null;
    PruneExecutor.Outcome o = new PruneExecutor(store, Reporter.SILENT, FAST).apply(all);
    assertEquals(List.of(spec, tarball), o.failures().stream().map(PruneExecutor.Failure::key).sorted().toList());
    assertEquals("NotAttempted", o.failures().stream().filter(f -> f.key().equals(tarball)).findFirst().orElseThrow().code());
    assertTrue(store.keys().containsAll(List.of(spec, tarball)));
    assertEquals(2398, o.deleted().size());
    assertEquals(3, store.deleteBatches().size(), "AccessDenied is not retried");
  }

  @Test
  void aRequestThatKeepsFailingIsReportedKeyByKey() {
    // The original raised on HTTP >= 400; here the failure names every key left.
    MemoryBucketStore store = new MemoryBucketStore();
    List<Deletion> all = new ArrayList<>(pair(store, 1));
    store.requestFault = n -> true;
    PruneExecutor.Outcome o = new PruneExecutor(store, Reporter.SILENT, FAST).apply(all);
    assertEquals(2, o.failures().size());
    assertTrue(o.failures().get(0).message().contains("HTTP 500"), o.failures().toString());
    assertEquals(2, store.keys().size());
  }

  @Test
  void duplicatesAreRejectedNotSentTwice() {
    MemoryBucketStore store = new MemoryBucketStore();
    List<Deletion> all = new ArrayList<>(pair(store, 1));
    all.add(all.get(0));
    assertThrows(IllegalArgumentException.class,
        () -> new PruneExecutor(store, Reporter.SILENT, FAST).apply(all));
    assertTrue(store.deleteBatches().isEmpty());
  }
}
