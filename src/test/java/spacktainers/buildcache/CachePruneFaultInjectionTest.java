package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import spacktainers.buildcache.CacheFixture.Spec;
import spacktainers.common.Reporter;
import spacktainers.testing.Cli;
import spacktainers.testing.FaultyHttpFront;
import spacktainers.testing.FaultyHttpFront.Fault;
import spacktainers.testing.S3ProxyServer;

/**
 * A store that throttles, fails and drops connections (a real S3 server behind a faulty HTTP front,
 * talked to by the real SDK), and DeleteObjects answers with per-key errors: no kept object is ever
 * lost, a run either completes or exits 1 naming what is left, and a re-run finishes the job.
 */
class CachePruneFaultInjectionTest {
  static final Instant NOW = Instant.now();
  @TempDir static Path s3dir;
  static S3ProxyServer s3;
  static FaultyHttpFront front;
  static int buckets;

  @TempDir Path work;
  String bucket;
  CacheFixture fx;
  List<String> keptKeys;
  List<String> doomedKeys;
  Set<String> lockHashes;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(s3dir.resolve("s3"));
    front = new FaultyHttpFront(s3.port());
  }

  @AfterAll
  static void stop() throws Exception {
    front.close();
    s3.close();
  }

  /** 150 specs, a third kept: 100 old ones go (200 objects: 2 DeleteObjects requests of 100 here). */
  @BeforeEach
  void cache() throws Exception {
    front.policy((n, m, t) -> Fault.NONE);
    bucket = "faults-" + ++buckets;
    s3.createBucket(bucket);
    fx = new CacheFixture(s3, bucket, "", NOW).seeding();
    List<Spec> kept = new ArrayList<>();
    List<Spec> doomed = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Spec s = fx.spec("pkg" + i, Duration.ofDays(40));
      fx.putV2(s);
      (i % 3 == 0 ? kept : doomed).add(s);
    }
    fx.putV2Index(new ArrayList<>(kept) {{ addAll(doomed); }}, NOW.minus(Duration.ofDays(1)));
    keptKeys = kept.stream().flatMap(s -> fx.v2Keys(s).stream()).toList();
    doomedKeys = doomed.stream().flatMap(s -> fx.v2Keys(s).stream()).toList();
    lockHashes = new TreeSet<>();
    kept.forEach(s -> lockHashes.add(s.hash()));
    Files.writeString(work.resolve("spack.lock"), CacheFixture.lockfile(kept.toArray(Spec[]::new)));
  }

  S3BucketStore store(int attempts) {
    return new S3BucketStore(new S3BucketStore.Settings(bucket, Optional.of(front.endpoint()), Optional.empty(), true,
        16, S3BucketStore.fastRetryStrategy(attempts)),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
  }

  PruneRun run(BucketStore store, int rounds) {
    PruneService service = new PruneService(store, Reporter.SILENT,
        new PruneExecutor.Settings(100, 4, rounds, Duration.ofMillis(5)), 4);
    PruneService.Prepared p = service.plan("", lockHashes, 1, new PruneRules(Instant.now(), Duration.ofDays(30),
        Duration.ofDays(1)));
    return service.apply(p);
  }

  Set<String> keys() {
    Set<String> out = new TreeSet<>();
    s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> out.add(o.key()));
    return out;
  }

  void assertKeptIntact() {
    assertTrue(keys().containsAll(keptKeys), "a kept object was lost");
  }

  @Test
  void throttlingServerErrorsAndDroppedConnectionsAreRetriedToCompletion() throws Exception {
    // Every 3rd request throttled, every 5th a 500, every 7th dropped: listing, GETs, deletes, index PUTs.
    front.policy((n, m, t) -> n % 3 == 1 ? Fault.SLOW_DOWN : n % 5 == 2 ? Fault.INTERNAL_ERROR
        : n % 7 == 3 ? Fault.DROP : Fault.NONE);
    try (S3BucketStore store = store(8)) {
      PruneRun r = run(store, 3);
      PruneRun.Applied a = r.applied().orElseThrow();
      assertTrue(a.ok(), a.outcome().failures().toString() + a.indexes());
      assertEquals(200, a.outcome().deleted().size());
      assertTrue(r.planRequests().retries() + a.requests().retries() > 0, "the SDK retried");
      assertEquals(IndexRewriter.Status.REWRITTEN, a.indexes().get(0).status());
    }
    assertTrue(front.faults() > 5, "faults were injected: " + front.faults());
    assertKeptIntact();
    for (String k : doomedKeys) {
      assertFalse(keys().contains(k), k);
    }
  }

  @Test
  void deletesThatKeepFailingEndTheRunWithExitOneNamingWhatIsLeftAndAReRunFinishes() throws Exception {
    // Refused outright (403: neither the SDK nor the executor retries it), so the test stays fast;
    // persistent 5xx take the same path after the retries (see the test above and PruneExecutorTest).
    front.policy((n, m, t) -> m.equals("POST") && t.contains("delete") ? Fault.ACCESS_DENIED : Fault.NONE);
    Cli.Result failed = Cli.in(work).env("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY)
        .run("cache", "prune", "--bucket", bucket, "--endpoint", front.endpoint().toString(), "--lock", "spack.lock",
            "--apply", "--parallel", "2");
    assertEquals(1, failed.exitCode(), failed.toString());
    assertTrue(failed.out().contains("NOT deleted: 200 objects"), failed.out());
    assertTrue(failed.out().contains("  RequestRefused: delete 200 objects in s3://" + bucket
        + ": HTTP 403 AccessDenied: Access Denied (200 objects):\n    build_cache/"), failed.out());
    assertTrue(failed.out().contains("... and 180 more keys (--json lists all)"), failed.out());
    assertTrue(failed.err().contains("error: 200 planned objects were not deleted"), failed.err());
    assertTrue(failed.err().contains("hint: run the same command again"), failed.err());
    assertEquals(302, keys().size(), "nothing deleted, index untouched");

    front.policy((n, m, t) -> Fault.NONE);
    Cli.Result again = Cli.in(work).env("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY)
        .run("cache", "prune", "--bucket", bucket, "--endpoint", front.endpoint().toString(), "--lock", "spack.lock",
            "--apply");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("Deleted 200 objects"), again.out());
    assertKeptIntact();
  }

  @Test
  void perKeyErrorsInSuccessfulResponsesAreReadAndRetried() throws Exception {
    try (S3BucketStore real = store(3)) {
      // S3 answers 200 but lists some keys under <Error>: the first two attempts of every 4th key fail.
      PerKeyErrors flaky = new PerKeyErrors(real, k -> Math.floorMod(k.hashCode(), 4) == 0, 2);
      PruneRun r = run(flaky, 3);
      PruneRun.Applied a = r.applied().orElseThrow();
      assertTrue(a.outcome().failures().isEmpty(), a.outcome().failures().toString());
      assertTrue(flaky.injected > 0);
      assertEquals(200, a.outcome().deleted().size());

      // Keys that never go are reported, and only their spec's data is held back.
      bucket = bucket + "-b";
      cache();
      try (S3BucketStore real2 = store(3)) {
        String stubborn = doomedKeys.get(0);   // a spec file
        PerKeyErrors never = new PerKeyErrors(real2, k -> k.equals(stubborn), Integer.MAX_VALUE);
        PruneRun.Applied b = run(never, 2).applied().orElseThrow();
        assertEquals(List.of(stubborn, doomedKeys.get(1)),
            b.outcome().failures().stream().map(PruneExecutor.Failure::key).sorted().toList());
        assertTrue(keys().containsAll(List.of(stubborn, doomedKeys.get(1))), "the spec stays whole");
        assertFalse(b.ok());
        // The index keeps the spec that could not be deleted.
        String index = s3.client().getObjectAsBytes(x -> x.bucket(bucket).key("build_cache/index.json")).asUtf8String();
        assertTrue(index.contains(CacheFixture.hash("pkg1")), "pkg1's entry point survived, so it stays indexed");
        assertKeptIntact();
      }
    }
  }

  /** Wraps a real store; chosen keys are reported as per-key errors (and not deleted) a number of times. */
  static final class PerKeyErrors implements BucketStore {
    final BucketStore real;
    final java.util.function.Predicate<String> chosen;
    final int times;
    final ConcurrentHashMap<String, Integer> seen = new ConcurrentHashMap<>();
    volatile int injected;

    PerKeyErrors(BucketStore real, java.util.function.Predicate<String> chosen, int times) {
      this.real = real;
      this.chosen = chosen;
      this.times = times;
    }

    @Override
    public String bucket() {
      return real.bucket();
    }

    @Override
    public void list(String prefix, Consumer<List<StoredObject>> pageSink) {
      real.list(prefix, pageSink);
    }

    @Override
    public Optional<Content> get(String key) {
      return real.get(key);
    }

    @Override
    public Optional<StoredObject> head(String key) {
      return real.head(key);
    }

    @Override
    public void put(String key, byte[] body, String contentType, String cacheControl) {
      real.put(key, body, contentType, cacheControl);
    }

    @Override
    public List<KeyError> delete(List<String> keys) {
      List<String> pass = new ArrayList<>();
      List<KeyError> errors = new ArrayList<>();
      for (String k : keys) {
        if (chosen.test(k) && seen.merge(k, 1, Integer::sum) <= times) {
          errors.add(new KeyError(k, "InternalError", "We encountered an internal error. Please try again."));
          injected++;
        } else {
          pass.add(k);
        }
      }
      if (!pass.isEmpty()) {
        errors.addAll(real.delete(pass));
      }
      return errors;
    }

    @Override
    public RequestStats stats() {
      return real.stats();
    }
  }
}
