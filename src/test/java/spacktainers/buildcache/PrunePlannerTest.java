package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import spacktainers.buildcache.SpecVerdict.Verdict;

class PrunePlannerTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final PruneRules RULES = new PruneRules(NOW, Duration.ofDays(3), Duration.ofDays(1));

  static Instant daysAgo(double d) {
    return NOW.minusSeconds((long) (d * 86400));
  }

  static Map<String, String> verdicts(PrunePlan p) {
    Map<String, String> m = new TreeMap<>();
    for (SpecVerdict v : p.verdicts()) {
      m.put(v.spec().layout().label() + ":" + v.spec().name(),
          v.deleted() ? v.reason().orElseThrow().slug() : v.verdict().name());
    }
    return m;
  }

  static Set<String> h(String... names) {
    return java.util.Arrays.stream(names).map(CacheFixture::hash).collect(Collectors.toSet());
  }

  @Test
  void theOriginalJanitorsScenarioWithoutItsFlaws() {
    // test_traverse_index: max_age 3, "new" is 1 day old, "too old" 5 days.
    InventoryModel m = new InventoryModel();
    m.v2("whitelisted-new", daysAgo(1));
    m.v2("whitelisted-too-old", daysAgo(5));
    m.v2("not-whitelisted-new", daysAgo(1));
    m.v2("not-whitelisted-too-old", daysAgo(5));
    m.v2("too-old-from-second-env", daysAgo(5));
    m.v2("new-depends-on-deleted", daysAgo(1), "not-whitelisted-too-old");
    PrunePlan p = PrunePlanner.plan(m.build(), h("whitelisted-new", "whitelisted-too-old"), RULES);
    assertEquals(Map.of(
        "v2:whitelisted-new", "KEEP_LOCKFILE",
        "v2:whitelisted-too-old", "KEEP_LOCKFILE",
        "v2:not-whitelisted-new", "KEEP_YOUNG",
        "v2:not-whitelisted-too-old", "too-old",
        "v2:too-old-from-second-env", "too-old",
        "v2:new-depends-on-deleted", "dependent-of-deleted"), verdicts(p));
    // Each spec's two objects exactly once, sorted by key.
    assertEquals(6, p.deletions().size());
    assertEquals(p.deletions().stream().map(Deletion::key).sorted().toList(),
        p.deletions().stream().map(Deletion::key).toList());
    Deletion dep = p.deletions().stream().filter(d -> d.name().equals("new-depends-on-deleted")).findFirst().orElseThrow();
    assertEquals(CacheFixture.hash("not-whitelisted-too-old"), dep.cause());
  }

  @Test
  void dependentsAreFoundTransitivelyInOnePassWhateverTheOrder() {
    InventoryModel m = new InventoryModel();
    // A chain of 20,000 young specs hanging off one old spec: all go, no recursion, one pass.
    m.v2("root", daysAgo(10));
    String prev = "root";
    for (int i = 0; i < 20_000; i++) {
      m.v2("c" + i, daysAgo(1), prev);
      prev = "c" + i;
    }
    PrunePlan p = PrunePlanner.plan(m.build(), Set.of(), RULES);
    assertEquals(20_001, p.verdicts().stream().filter(SpecVerdict::deleted).count());
  }

  @Test
  void keptSpecsKeepTheirWholeDependencyClosureAndNothingNewIsDeleted() {
    InventoryModel m = new InventoryModel();
    m.v2("libc", daysAgo(100));
    m.v2("zlib", daysAgo(50), "libc");
    m.v2("app", daysAgo(40), "zlib");
    m.v2("pushed-after-start", NOW.plusSeconds(60), "old-base");
    m.v2("old-base", daysAgo(30));
    m.v2("after-index", daysAgo(0.5), "other-base");
    m.v2("other-base", daysAgo(30));
    m.indexTimes.put(Layout.V2, daysAgo(0.6));
    m.indexed.put(Layout.V2, h("libc", "zlib", "app", "old-base", "other-base"));
    PrunePlan p = PrunePlanner.plan(m.build(), h("app"), RULES);
    Map<String, String> v = verdicts(p);
    assertEquals("KEEP_DEPENDENCY", v.get("v2:libc"));
    assertEquals("KEEP_DEPENDENCY", v.get("v2:zlib"));
    assertEquals("KEEP_NEW", v.get("v2:pushed-after-start"));
    assertEquals("KEEP_DEPENDENCY", v.get("v2:old-base"));
    assertEquals("KEEP_NEW", v.get("v2:after-index"));
    assertEquals("KEEP_DEPENDENCY", v.get("v2:other-base"));
    assertTrue(p.deletions().isEmpty());
    assertEquals(daysAgo(0.6), p.cutoffs().get(Layout.V2));
  }

  @Test
  void orphansGoOnlyAfterTheGraceWindow() {
    InventoryModel m = new InventoryModel();
    m.v2("spec-only-old", daysAgo(2), Set.of(), true, false);
    m.v2("spec-only-young", daysAgo(0.5), Set.of(), true, false);
    m.v2("tarball-only-old", daysAgo(2), Set.of(), false, true);
    m.v2("tarball-only-locked", daysAgo(20), Set.of(), false, true);
    m.v3("manifest-missing-blobs", daysAgo(2), List.of("t-missing", "s-missing"), false);
    PrunePlan p = PrunePlanner.plan(m.build(), h("tarball-only-locked"), RULES);
    Map<String, String> v = verdicts(p);
    assertEquals("orphan-spec-file", v.get("v2:spec-only-old"));
    assertEquals("KEEP_GRACE", v.get("v2:spec-only-young"));
    assertEquals("orphan-tarball", v.get("v2:tarball-only-old"));
    assertEquals("KEEP_LOCKFILE", v.get("v2:tarball-only-locked"));
    assertEquals("incomplete-manifest", v.get("v3:manifest-missing-blobs"));
  }

  @Test
  void blobsGoOnlyWhenNoRemainingManifestReferencesThem() {
    InventoryModel m = new InventoryModel();
    m.v3("kept", daysAgo(10), List.of("shared", "kept-spec"), true);
    m.v3("old", daysAgo(10), List.of("shared", "old-spec"), true);
    String orphanOld = m.blob("orphan-old", daysAgo(5));
    String orphanYoung = m.blob("orphan-young", daysAgo(0.2));
    String indexBlob = m.blob("index-db", daysAgo(9));
    m.pinned.add(indexBlob);
    PrunePlan p = PrunePlanner.plan(m.build(), h("kept"), RULES);
    Set<String> deleted = p.deletions().stream().map(Deletion::key).collect(Collectors.toSet());
    String shared = key("shared");
    assertTrue(!deleted.contains(shared), "shared with a kept manifest");
    assertTrue(deleted.contains(key("old-spec")));
    assertTrue(deleted.contains(orphanOld));
    assertTrue(!deleted.contains(orphanYoung));
    assertTrue(!deleted.contains(indexBlob), "referenced by the index manifest");
    assertEquals(Reason.TOO_OLD, p.deletions().stream().filter(d -> d.key().equals(key("old-spec")))
        .findFirst().orElseThrow().reason());

    // One unreadable manifest: its blobs are unknown, so no blob counts as unreferenced.
    m.refsComplete = false;
    PrunePlan careful = PrunePlanner.plan(m.build(), h("kept"), RULES);
    assertTrue(careful.deletions().stream().noneMatch(d -> d.reason() == Reason.ORPHAN_BLOB));
  }

  @Test
  void eachLayoutIsItsOwnGraphAndIndexDropsIncludeStaleEntries() {
    InventoryModel m = new InventoryModel();
    m.v2("pkg", daysAgo(10));
    m.v3("pkg", daysAgo(1), List.of("pkg-t", "pkg-s"), true);
    m.indexTimes.put(Layout.V2, daysAgo(0.1));
    m.indexed.put(Layout.V2, h("pkg", "gone-already"));
    PrunePlan p = PrunePlanner.plan(m.build(), Set.of(), RULES);
    assertEquals(Map.of("v2:pkg", "too-old", "v3:pkg", "KEEP_YOUNG"), verdicts(p));
    assertEquals(h("pkg", "gone-already"), p.drops(Layout.V2));
    assertTrue(p.drops(Layout.V3).isEmpty());
  }

  @Test
  void planningIsDeterministic() {
    InventoryModel m = new InventoryModel();
    for (int i = 0; i < 200; i++) {
      m.v2("p" + i, daysAgo(i % 7), i > 0 ? new String[] {"p" + (i / 2)} : new String[0]);
    }
    PrunePlan a = PrunePlanner.plan(m.build(), h("p3", "p50"), RULES);
    PrunePlan b = PrunePlanner.plan(m.build(), h("p50", "p3"), RULES);
    assertEquals(a, b);
  }

  static String key(String blobName) {
    String sum = CacheFixture.hex(CacheFixture.sha256(blobName.getBytes()));
    return "blobs/sha256/" + sum.substring(0, 2) + "/" + sum;
  }
}
