package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.buildcache.CacheFixture.Spec;
import spacktainers.testing.Cli;
import spacktainers.testing.S3ProxyServer;

/** {@code cache prune} end to end against S3Proxy on 127.0.0.1, with caches of both layouts. */
class CachePruneIntegrationTest {
  static final Duration DAY = Duration.ofDays(1);
  static final AtomicInteger BUCKETS = new AtomicInteger();

  @TempDir static Path s3dir;
  static S3ProxyServer s3;

  @TempDir Path work;
  String bucket;
  CacheFixture v2;
  CacheFixture v3;
  Instant now;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start(s3dir.resolve("s3"));
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void bucket() {
    bucket = "cache-" + BUCKETS.incrementAndGet();
    s3.createBucket(bucket);
    now = Instant.now();
    v2 = new CacheFixture(s3, bucket, "mirror/", now);
    v3 = new CacheFixture(s3, bucket, "mirror/", now);
  }

  Cli cli() {
    return Cli.in(work).env("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
  }

  Cli.Result prune(String... extra) {
    List<String> args = new ArrayList<>(List.of("cache", "prune", "--bucket", bucket, "--prefix", "mirror",
        "--endpoint", s3.endpoint().toString(), "--lock", "spack.lock", "--max-age", "3"));
    args.addAll(List.of(extra));
    return cli().run(args.toArray(String[]::new));
  }

  void lock(Spec... roots) throws Exception {
    Files.writeString(work.resolve("spack.lock"), CacheFixture.lockfile(roots));
  }

  Set<String> keys() {
    Set<String> out = new TreeSet<>();
    s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> out.add(o.key()));
    return out;
  }

  /** The scenario of the original janitor's test_traverse_index, plus orphans and the safety window. */
  record Scenario(List<String> kept, List<String> deleted) {}

  Scenario v2Scenario() throws Exception {
    Spec zlib = v2.spec("zlib", Duration.ofDays(10));                  // locked, too old: kept
    Spec fresh = v2.spec("fresh", DAY);                                // locked, new
    Spec young = v2.spec("young", DAY);                                // not locked, young: kept
    Spec old = v2.spec("old", Duration.ofDays(5));                     // not locked, too old: deleted
    Spec dependent = v2.spec("dependent", DAY, old);                   // young, depends on deleted: deleted
    Spec depOfLocked = v2.spec("dep-of-locked", Duration.ofDays(9));  // old, but a locked spec needs it
    Spec external = v2.spec("glibc", Duration.ofDays(400));            // external: in the index, never pushed
    Spec app = v2.spec("app", Duration.ofDays(8), depOfLocked, zlib, external);  // locked
    Spec orphanTar = v2.spec("orphan-tarball", Duration.ofDays(5));    // tarball only: deleted
    Spec orphanSpec = v2.spec("orphan-spec", Duration.ofHours(2));     // spec file only, within grace: kept
    Spec base = v2.spec("base", Duration.ofDays(20));                  // not locked, old, but ...
    Spec inflight = v2.spec("inflight", Duration.ofHours(1), base);    // ... newer than the index needs it
    for (Spec s : List.of(zlib, fresh, young, old, dependent, depOfLocked, app, base, inflight)) {
      v2.putV2(s);
    }
    v2.putV2(orphanTar, false, true);
    v2.putV2(orphanSpec, true, false);
    v2.putV2Key(now.minus(Duration.ofDays(100)));
    v2.putV2Index(List.of(zlib, fresh, young, old, dependent, depOfLocked, app, base), now.minus(Duration.ofHours(3)));
    lock(zlib, fresh, app);
    List<String> kept = new ArrayList<>();
    for (Spec s : List.of(zlib, fresh, young, depOfLocked, app, base, inflight)) {
      kept.addAll(v2.v2Keys(s));
    }
    kept.add(v2.v2SpecKey(orphanSpec));
    kept.add("mirror/build_cache/_pgp/ABCDEF0123456789.pub");
    List<String> deleted = new ArrayList<>();
    deleted.addAll(v2.v2Keys(old));
    deleted.addAll(v2.v2Keys(dependent));
    deleted.add(v2.v2TarballKey(orphanTar));
    return new Scenario(kept, deleted);
  }

  @Test
  void v2PlanThenApplyDeletesExactlyWhatTheRulesSayAndRewritesTheIndex() throws Exception {
    Scenario sc = v2Scenario();
    Set<String> before = keys();

    Cli.Result plan = prune();
    assertEquals(0, plan.exitCode(), plan.toString());
    assertEquals(before, keys(), "a plan deletes nothing");
    assertTrue(plan.out().contains("dry run"), plan.out());
    assertTrue(plan.out().contains("too-old                       1 specs         2 objects"), plan.out());
    assertTrue(plan.out().contains("dependent-of-deleted          1 specs         2 objects"), plan.out());
    assertTrue(plan.out().contains("orphan-tarball                1 specs         1 objects"), plan.out());
    assertTrue(plan.out().contains("Top packages by bytes freed:"), plan.out());
    assertTrue(plan.out().contains("listed 23 objects"), plan.out());
    assertTrue(plan.out().contains("Index v2: 2 entries to remove"), plan.out());
    assertEquals(plan.out(), prune().out(), "same bucket, same lockfiles: byte-identical plan");

    Cli.Result applied = prune("--apply");
    assertEquals(0, applied.exitCode(), applied.toString());
    Set<String> after = keys();
    for (String k : sc.kept()) {
      assertTrue(after.contains(k), "kept: " + k);
    }
    for (String k : sc.deleted()) {
      assertFalse(after.contains(k), "deleted: " + k);
    }
    assertTrue(applied.out().contains("Deleted 5 objects"), applied.out());
    assertTrue(applied.out().contains("in 1 DeleteObjects request\n"), applied.out());
    assertTrue(applied.out().contains("index mirror/build_cache/index.json: rewritten without 2 entries"), applied.out());

    byte[] index = s3.client().getObjectAsBytes(b -> b.bucket(bucket).key("mirror/build_cache/index.json")).asByteArray();
    String hash = s3.client().getObjectAsBytes(b -> b.bucket(bucket).key("mirror/build_cache/index.json.hash")).asUtf8String();
    assertEquals(CacheFixture.hex(CacheFixture.sha256(index)), hash);
    JsonNode installs = CacheFixture.JSON.readTree(index).path("database").path("installs");
    assertFalse(installs.has(CacheFixture.hash("old")));
    assertFalse(installs.has(CacheFixture.hash("dependent")));
    assertTrue(installs.has(CacheFixture.hash("zlib")));
    assertFalse(installs.path(CacheFixture.hash("glibc")).path("in_buildcache").asBoolean(true),
        "a dependency Spack indexed without pushing it stays, so app's DAG stays complete");
    assertEquals(0, installs.path(CacheFixture.hash("old")).path("ref_count").asInt(0));
    var meta = s3.client().headObject(b -> b.bucket(bucket).key("mirror/build_cache/index.json"));
    assertEquals("no-cache", meta.cacheControl());

    Cli.Result again = prune("--apply");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("Deleted 0 objects"), again.out());
    assertEquals(after, keys(), "a second run deletes nothing");
  }

  @Test
  void v2AndV3InOneBucketAreBothPrunedAndSharedBlobsSurvive() throws Exception {
    Instant longAgo = now.minus(Duration.ofDays(30));
    Spec keep = v3.spec("keep", Duration.ofDays(10));
    Spec old = v3.spec("old3", Duration.ofDays(10));
    Spec dependent = v3.spec("dependent3", DAY, old);
    Spec missingBlob = v3.spec("missing-blob", Duration.ofDays(5));
    Spec unindexed = v3.spec("unindexed", Duration.ofDays(6), old);   // deps come from its spec blob
    for (Spec s : List.of(keep, old, dependent, unindexed)) {
      v3.putV3(s);
    }
    v3.putV3(missingBlob, true, false);
    List<String> keyBlobs = v3.putV3Layout(longAgo);
    String oldIndexBlob = v3.putV3Index(List.of(keep, old, dependent, missingBlob), now.minus(Duration.ofHours(2)));
    byte[] orphan = "left over from an interrupted push".getBytes(StandardCharsets.UTF_8);
    s3.put(bucket, "mirror/" + CacheFixture.blobKeyOf(orphan), orphan, longAgo);
    byte[] pushing = "a push in flight".getBytes(StandardCharsets.UTF_8);
    s3.put(bucket, "mirror/" + CacheFixture.blobKeyOf(pushing), pushing, now.minus(Duration.ofMinutes(5)));
    // A v2 copy of "old3" (same hash, as after 'spack buildcache migrate') that is locked there... by hash:
    // the keep set is by hash, so it is kept in both layouts.
    Spec v2keep = v2.spec("keep", Duration.ofDays(10));
    v2.putV2(v2keep);
    lock(keep);

    Cli.Result r = prune("--apply", "--json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode j = CacheFixture.JSON.readTree(r.out());
    assertEquals(4, j.path("delete").path("specs").asInt(), r.out());
    Set<String> after = keys();
    for (String k : v3.v3Keys(keep)) {
      assertTrue(after.contains(k), k);
    }
    for (String k : v2.v2Keys(v2keep)) {
      assertTrue(after.contains(k), k);
    }
    for (Spec s : List.of(old, dependent, unindexed)) {
      for (String k : v3.v3Keys(s)) {
        assertFalse(after.contains(k), k);
      }
    }
    assertFalse(after.contains(v3.v3ManifestKey(missingBlob)));
    assertFalse(after.contains(v3.v3BlobKeys(missingBlob).get(0)));
    assertFalse(after.contains("mirror/" + CacheFixture.blobKeyOf(orphan)));
    assertTrue(after.contains("mirror/" + CacheFixture.blobKeyOf(pushing)), "young orphan blob kept");
    assertTrue(after.containsAll(keyBlobs), "key blobs are referenced by key manifests");
    assertTrue(after.contains("mirror/v3/layout.json"));
    assertTrue(after.contains(oldIndexBlob), "the old index blob stays until a later run's grace window passes");

    JsonNode reasons = j.path("delete").path("by_reason");
    assertEquals(2, reasons.path("too-old").path("specs").asInt(), r.out());
    assertEquals(1, reasons.path("dependent-of-deleted").path("specs").asInt(), r.out());
    assertEquals(1, reasons.path("incomplete-manifest").path("specs").asInt(), r.out());
    assertEquals(1, reasons.path("orphan-blob").path("objects").asInt(), r.out());
    assertEquals(5, j.path("inventory").path("manifest_gets").asInt(), r.out());
    // The unindexed v3 spec's blob, and the v2 spec file (there is no v2 index).
    assertEquals(2, j.path("inventory").path("spec_file_gets").asInt(), r.out());

    // The index manifest now points at a new database blob without the deleted specs.
    JsonNode man = CacheFixture.JSON.readTree(s3.client()
        .getObjectAsBytes(b -> b.bucket(bucket).key("mirror/" + CacheKey.V3_MAIN_INDEX)).asByteArray());
    String sum = man.path("data").get(0).path("checksum").asText();
    byte[] db = s3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("mirror/blobs/sha256/" + sum.substring(0, 2) + "/" + sum)).asByteArray();
    assertEquals(sum, CacheFixture.hex(CacheFixture.sha256(db)));
    JsonNode installs = CacheFixture.JSON.readTree(db).path("database").path("installs");
    assertTrue(installs.has(keep.hash()));
    assertFalse(installs.has(old.hash()));
    assertFalse(installs.has(missingBlob.hash()));

    // Later, once the old index blob is past the grace window, it goes as an orphan.
    s3.setLastModified(bucket, oldIndexBlob, now.minus(Duration.ofDays(2)));
    Cli.Result later = prune("--apply");
    assertEquals(0, later.exitCode(), later.toString());
    assertFalse(keys().contains(oldIndexBlob), later.out());
    assertTrue(keys().contains("mirror/blobs/sha256/" + sum.substring(0, 2) + "/" + sum));
  }

  @Test
  void savedPlanIsAppliedAsIsAndRefusedOnceItsObjectsChanged() throws Exception {
    Scenario sc = v2Scenario();
    Cli.Result plan = prune("--plan-out", "plan.json");
    assertEquals(0, plan.exitCode(), plan.toString());
    JsonNode saved = CacheFixture.JSON.readTree(work.resolve("plan.json").toFile());
    assertEquals(PlanJson.FORMAT, saved.path("format").asText());
    assertEquals(5, saved.path("deletions").size());

    // Someone re-pushes a planned object: the plan is stale and must not be applied.
    String changed = sc.deleted().get(0);
    s3.put(bucket, changed, "new content".getBytes(StandardCharsets.UTF_8), now.minus(Duration.ofDays(6)));
    Set<String> before = keys();
    Cli.Result refused = cli().run("cache", "prune", "--apply-plan", "plan.json", "--endpoint", s3.endpoint().toString());
    assertEquals(1, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("the saved plan no longer matches the bucket: 1 planned objects changed"),
        refused.err());
    assertTrue(refused.err().contains(changed), refused.err());
    assertEquals(before, keys(), "nothing deleted");

    // A fresh plan, applied as saved; applying it again finds everything gone and deletes nothing.
    assertEquals(0, prune("--plan-out", "plan2.json").exitCode());
    Cli.Result ok = cli().run("cache", "prune", "--apply-plan", "plan2.json", "--endpoint", s3.endpoint().toString());
    assertEquals(0, ok.exitCode(), ok.toString());
    for (String k : sc.deleted()) {
      assertFalse(keys().contains(k), k);
    }
    assertTrue(keys().containsAll(sc.kept()));
    Cli.Result twice = cli().run("cache", "prune", "--apply-plan", "plan2.json", "--endpoint", s3.endpoint().toString());
    assertEquals(0, twice.exitCode(), twice.toString());
    assertTrue(twice.out().contains("Deleted 0 objects"), twice.out());
    assertTrue(twice.out().contains("5 planned objects were already gone"), twice.out());
  }

  @Test
  void savedPlanIsRefusedWhenANewSpecNeedsAPlannedDeletion() throws Exception {
    Spec old = v2.spec("old", Duration.ofDays(5));
    Spec other = v2.spec("other", Duration.ofDays(50));
    v2.putV2(old);
    v2.putV2(other);
    lock(other);
    assertEquals(0, prune("--plan-out", "plan.json").exitCode());
    // After the plan, a pipeline pushes a spec that links against "old".
    Spec newcomer = new Spec("newcomer", "1.0", CacheFixture.hash("newcomer"), List.of(old), Instant.now().plusSeconds(5));
    v2.putV2(newcomer);
    s3.setLastModified(bucket, v2.v2TarballKey(newcomer), Instant.now().plusSeconds(5));
    s3.setLastModified(bucket, v2.v2SpecKey(newcomer), Instant.now().plusSeconds(5));
    Cli.Result r = cli().run("cache", "prune", "--apply-plan", "plan.json", "--endpoint", s3.endpoint().toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().contains("2 are no longer deletable"), r.err());
    assertTrue(r.err().contains("dependency of a kept spec"), r.err());
    assertTrue(keys().containsAll(v2.v2Keys(old)));
  }

  @Test
  void listingIsOnePaginatedPassWithoutHeadRequests() throws Exception {
    // 1,100 objects: two list pages. No spec needs a spec-file GET because all are in the index.
    v2.seeding();
    List<Spec> specs = new ArrayList<>();
    for (int i = 0; i < 549; i++) {
      specs.add(v2.spec("pkg" + i, Duration.ofDays(i % 2 == 0 ? 10 : 1)));
    }
    specs.forEach(v2::putV2);
    v2.putV2Index(specs, now.minus(Duration.ofHours(1)));
    lock(specs.get(0));
    Cli.Result r = prune("--json", "--apply");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode j = CacheFixture.JSON.readTree(r.out());
    assertEquals(1100, j.path("inventory").path("objects").asInt());
    assertEquals(2, j.path("inventory").path("requests").path("ListObjectsV2").asInt(), r.out());
    assertEquals(1, j.path("inventory").path("requests").path("GetObject").asInt(), r.out());
    assertFalse(j.path("inventory").path("requests").has("HeadObject"), r.out());
    assertEquals(274 * 2, j.path("applied").path("deleted_objects").asInt(), r.out());
    assertEquals(1, j.path("applied").path("requests").path("DeleteObjects").asInt(), r.out());
    assertTrue(r.err().contains("listing s3://" + bucket + "/mirror/"), r.err());
  }

  @Test
  void errorsAreOneLineWithExitCodeAndNeverShowTheSecret() throws Exception {
    Cli.Result noLock = cli().run("cache", "prune", "--bucket", bucket, "--endpoint", s3.endpoint().toString());
    assertEquals(2, noLock.exitCode(), noLock.toString());
    assertTrue(noLock.err().startsWith("error: --lock: no lockfile given"), noLock.err());

    Cli.Result missing = prune();
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("spack.lock: no such file"), missing.err());

    Files.writeString(work.resolve("spack.lock"), "{\"_meta\": {\"lockfile-version\": 6},\n \"concrete_specs\": {,}}");
    Cli.Result bad = prune();
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().matches("(?s)error: .*spack\\.lock:2:\\d+: not a valid spack\\.lock \\(JSON\\): [^\n]*\n"
        + "hint: [^\n]*\n"), bad.err());

    lock(v2.spec("a", DAY));
    String secret = "wrong-secret-Xy81Qz";
    Cli.Result denied = Cli.in(work).env("AWS_ACCESS_KEY_ID", "test-access").env("AWS_SECRET_ACCESS_KEY", secret)
        .run("cache", "prune", "--bucket", bucket, "--endpoint", s3.endpoint().toString(), "--lock", "spack.lock");
    assertEquals(1, denied.exitCode(), denied.toString());
    assertTrue(denied.err().startsWith("error: list s3://" + bucket + "/: HTTP 403"), denied.err());
    assertTrue(denied.err().contains("hint: check the credentials"), denied.err());
    assertFalse(denied.toString().contains(secret));
    assertFalse(denied.toString().contains("\tat "), "no stack trace");

    Cli.Result half = Cli.in(work).env("AWS_ACCESS_KEY_ID", "x")
        .run("cache", "prune", "--bucket", bucket, "--lock", "spack.lock");
    assertEquals(2, half.exitCode(), half.toString());
    assertTrue(half.err().contains("error: AWS_SECRET_ACCESS_KEY: not set, but AWS_ACCESS_KEY_ID is"), half.err());

    Cli.Result noBucket = cli().run("cache", "prune", "--bucket", "nosuchbucket", "--endpoint",
        s3.endpoint().toString(), "--lock", "spack.lock");
    assertEquals(1, noBucket.exitCode(), noBucket.toString());
    assertTrue(noBucket.err().contains("NoSuchBucket"), noBucket.err());

    Cli.Result mixed = cli().run("cache", "prune", "--apply-plan", "p.json", "--lock", "spack.lock", "--apply");
    assertEquals(2, mixed.exitCode(), mixed.toString());
    assertTrue(mixed.err().contains("--apply: cannot be combined with --apply-plan"), mixed.err());
    assertTrue(mixed.err().contains("--lock: cannot be combined with --apply-plan"), mixed.err());
  }
}
