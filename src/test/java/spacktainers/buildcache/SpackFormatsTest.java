package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec files, databases and manifests in the shapes Spack has written over the years. */
class SpackFormatsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  static final String C = "cccccccccccccccccccccccccccccccc";

  @Test
  void clearSignedSpecFilesAreReadIncludingDashEscapedLines() {
    String body = "{\"spec\": {\"nodes\": [\n- {\"name\": \"app\", \"hash\": \"" + A
        + "\", \"dependencies\": [{\"name\": \"z\", \"hash\": \"" + B + "\", \"parameters\": {\"deptypes\": [\"build\"]}}]}]}}";
    String signed = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + body
        + "\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";
    SpecNodes.Node n = SpecNodes.fromSpecFile(signed, A, JSON).orElseThrow();
    assertEquals("app", n.name());
    assertEquals(Set.of(B), n.dependencyHashes());
  }

  @Test
  void specfileV1OfSpack017IsRead() {
    // Spack <= 0.17: "spec" is the node list itself, each node keyed by its package name.
    String old = "{\"spec\": [{\"zlib\": {\"version\": \"1.2\", \"hash\": \"" + B + "\"}},"
        + " {\"app\": {\"version\": \"1\", \"hash\": \"" + A + "\", \"full_hash\": \"" + C + "\","
        + " \"dependencies\": {\"zlib\": {\"hash\": \"" + B + "\", \"type\": [\"build\", \"link\"]}}}}],"
        + " \"buildcache_layout_version\": 1, \"binary_cache_checksum\": {\"hash_algorithm\": \"sha256\"}}";
    SpecNodes.Node n = SpecNodes.fromSpecFile(old, A, JSON).orElseThrow();
    assertEquals("app", n.name());
    assertEquals(Map.of(B, true), n.dependencies());
  }

  @Test
  void specYamlOfSpack016IsRead() {
    // Spack <= 0.16 wrote .spec.yaml: the specfile-v1 node list in YAML, no "name" inside the nodes.
    String yaml = "spec:\n"
        + "- app:\n    version: '1.0'\n    arch:\n      platform: linux\n    hash: " + A + "\n"
        + "    dependencies:\n      zlib:\n        hash: " + B + "\n        type:\n        - build\n        - link\n"
        + "- zlib:\n    version: 1.2.11\n    hash: " + B + "\n"
        + "buildcache_layout_version: 1\n";
    SpecNodes.Node n = SpecNodes.fromYamlSpecFile(yaml, A).orElseThrow();
    assertEquals("app", n.name());
    assertEquals(Map.of(B, true), n.dependencies());
    assertTrue(SpecNodes.fromYamlSpecFile("spec: [unclosed", A).isEmpty());
  }

  @Test
  void databaseRewriteDropsEntriesAndTheirRefCounts() throws Exception {
    String db = "{\"database\": {\"version\": \"7\", \"installs\": {"
        + "\"" + A + "\": {\"spec\": {\"name\": \"app\", \"hash\": \"" + A + "\", \"dependencies\": [{\"name\": \"z\", \"hash\": \""
        + B + "\", \"parameters\": {\"deptypes\": [\"link\"]}}, {\"name\": \"c\", \"hash\": \"" + C
        + "\", \"parameters\": {\"deptypes\": [\"build\"]}}]}, \"ref_count\": 0, \"in_buildcache\": true},"
        + "\"" + B + "\": {\"spec\": {\"name\": \"z\", \"hash\": \"" + B + "\"}, \"ref_count\": 1, \"in_buildcache\": true},"
        + "\"" + C + "\": {\"spec\": {\"name\": \"c\", \"hash\": \"" + C + "\"}, \"ref_count\": 0, \"in_buildcache\": true}}}}";
    SpackDatabase d = SpackDatabase.parse(db.getBytes(StandardCharsets.UTF_8), JSON).orElseThrow();
    assertEquals(Set.of(A, B, C), d.nodes().keySet());
    var out = JSON.readTree(d.without(Set.of(A), JSON)).path("database");
    assertEquals("7", out.path("version").asText());
    assertTrue(!out.path("installs").has(A));
    assertEquals(0, out.path("installs").path(B).path("ref_count").asInt(), "link dependent gone");
    assertEquals(0, out.path("installs").path(C).path("ref_count").asInt(), "build edges are not counted");
    assertTrue(SpackDatabase.parse("{\"not\": \"an index\"}".getBytes(StandardCharsets.UTF_8), JSON).isEmpty());
  }

  @Test
  void entriesSpackIndexedWithoutPushingThemAreNotCachedSpecsAndSurviveTheRewrite() throws Exception {
    // app (pushed) -> z (pushed) -> c (external, never pushed: in_buildcache false, as Spack writes it)
    String db = "{\"database\": {\"version\": \"8\", \"installs\": {"
        + "\"" + A + "\": {\"spec\": {\"name\": \"app\", \"hash\": \"" + A + "\", \"dependencies\": [{\"name\": \"z\", \"hash\": \""
        + B + "\", \"parameters\": {\"deptypes\": [\"link\"]}}]}, \"ref_count\": 0, \"in_buildcache\": true},"
        + "\"" + B + "\": {\"spec\": {\"name\": \"z\", \"hash\": \"" + B + "\", \"dependencies\": [{\"name\": \"c\", \"hash\": \""
        + C + "\", \"parameters\": {\"deptypes\": [\"link\"]}}]}, \"ref_count\": 1, \"in_buildcache\": true},"
        + "\"" + C + "\": {\"spec\": {\"name\": \"c\", \"hash\": \"" + C + "\"}, \"ref_count\": 1, \"in_buildcache\": false}}}}";
    SpackDatabase d = SpackDatabase.parse(db.getBytes(StandardCharsets.UTF_8), JSON).orElseThrow();
    assertEquals(Set.of(A, B, C), d.nodes().keySet());
    assertEquals(Set.of(A, B), d.inCache());

    // z is gone (e.g. an orphan spec file) but app still needs it: kept as a non-cached entry
    var out = JSON.readTree(d.without(Set.of(B), JSON)).path("database").path("installs");
    Set<String> left = new java.util.HashSet<>();
    out.fieldNames().forEachRemaining(left::add);
    assertEquals(Set.of(A, B, C), left);
    assertEquals(false, out.path(B).path("in_buildcache").asBoolean(true));
    assertEquals(1, out.path(C).path("ref_count").asInt());

    // app and z both go: nothing needs them any more; c's count drops with z
    out = JSON.readTree(d.without(Set.of(A, B), JSON)).path("database").path("installs");
    assertTrue(!out.has(A) && !out.has(B) && out.has(C));
    assertEquals(0, out.path(C).path("ref_count").asInt());
  }

  @Test
  void manifestsRoundTripAndSignedOnesAreRecognised() {
    String sum = "0a" + "1".repeat(62);
    String m = "{\"version\": 3, \"data\": [{\"contentLength\": 12, \"mediaType\": \"application/vnd.spack.db.v8+json\","
        + " \"compression\": \"none\", \"checksumAlgorithm\": \"sha256\", \"checksum\": \"" + sum + "\"}]}";
    Manifest parsed = Manifest.parse(m.getBytes(StandardCharsets.UTF_8), JSON).orElseThrow();
    assertEquals("blobs/sha256/0a/" + sum, parsed.data().get(0).blobKey().orElseThrow());
    assertEquals(parsed, Manifest.parse(parsed.toBytes(JSON), JSON).orElseThrow());
    byte[] signed = ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + m
        + "\n-----BEGIN PGP SIGNATURE-----\nxyz\n-----END PGP SIGNATURE-----\n").getBytes(StandardCharsets.UTF_8);
    assertTrue(Manifest.parse(signed, JSON).orElseThrow().signed());
    assertTrue(Manifest.parse("{\"data\": [{\"checksumAlgorithm\": \"md5\", \"checksum\": \"x\"}]}"
        .getBytes(StandardCharsets.UTF_8), JSON).isEmpty(), "a blob we cannot name makes the manifest unreadable");
  }
}
