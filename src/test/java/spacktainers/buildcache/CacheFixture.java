package spacktainers.buildcache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import spacktainers.testing.S3ProxyServer;

/**
 * Writes synthetic Spack build caches, in the real key layouts and file formats of v2 and v3, into
 * an S3Proxy bucket, with chosen ages. The shapes follow Spack's url_buildcache.py and database JSON.
 */
final class CacheFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ARCH = "linux-ubuntu22.04-x86_64_v3";
  static final String COMPILER = "gcc-12.3.0";

  final S3ProxyServer s3;
  final String bucket;
  final String prefix;
  final Instant now;
  private boolean seed;

  CacheFixture(S3ProxyServer s3, String bucket, String prefix, Instant now) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.now = now;
  }

  /** Writes objects straight into S3Proxy's folder instead of PUTting them (for big fixtures). */
  CacheFixture seeding() {
    seed = true;
    return this;
  }

  private void put(String key, byte[] body, Instant time) {
    if (seed) {
      s3.seed(bucket, key, body, time);
    } else {
      s3.put(bucket, key, body, time);
    }
  }

  /** A spec to put into the cache. */
  record Spec(String name, String version, String hash, List<Spec> deps, Instant time) {
    String label() {
      return name + "-" + version + "-" + hash;
    }
  }

  /** A stable DAG hash from a seed: 32 base32 characters, like Spack's. */
  static String hash(String seed) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    byte[] d = sha256(seed.getBytes(StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      sb.append(alphabet.charAt((d[i] & 0xff) % 32));
    }
    return sb.toString();
  }

  Spec spec(String name, Duration age, Spec... deps) {
    return new Spec(name, "1.0", hash(name), List.of(deps), now.minus(age));
  }

  static ObjectNode node(Spec s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", s.name());
    n.put("version", s.version());
    ObjectNode arch = n.putObject("arch");
    arch.put("platform", "linux").put("platform_os", "ubuntu22.04").put("target", "x86_64_v3");
    n.putObject("compiler").put("name", "gcc").put("version", "12.3.0");
    n.put("namespace", "builtin");
    n.putObject("parameters");
    ArrayNode deps = n.putArray("dependencies");
    for (Spec d : s.deps()) {
      ObjectNode e = deps.addObject();
      e.put("name", d.name()).put("hash", d.hash());
      ObjectNode p = e.putObject("parameters");
      p.putArray("deptypes").add("build").add("link");
      p.putArray("virtuals");
    }
    n.put("hash", s.hash());
    return n;
  }

  static byte[] specJson(Spec s) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode spec = root.putObject("spec");
    spec.putObject("_meta").put("version", 4);
    ArrayNode nodes = spec.putArray("nodes");
    Map<String, Spec> all = new LinkedHashMap<>();
    collect(s, all);
    all.values().forEach(x -> nodes.add(node(x)));
    root.put("buildcache_layout_version", 1);
    root.putObject("binary_cache_checksum").put("hash_algorithm", "sha256").put("hash", hex(sha256(tarball(s))));
    return bytes(root);
  }

  private static void collect(Spec s, Map<String, Spec> out) {
    if (out.putIfAbsent(s.hash(), s) == null) {
      s.deps().forEach(d -> collect(d, out));
    }
  }

  static byte[] tarball(Spec s) {
    return ("tarball of " + s.label() + "\n").repeat(8).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] clearsign(byte[] body) {
    String text = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + new String(body, StandardCharsets.UTF_8)
        + "\n-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCgAdFiEE" + Base64.getEncoder().encodeToString(sha256(body))
        + "\n=abcd\n-----END PGP SIGNATURE-----\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---- v2

  String v2SpecKey(Spec s) {
    return prefix + "build_cache/" + ARCH + "-" + COMPILER + "-" + s.label() + ".spec.json.sig";
  }

  String v2TarballKey(Spec s) {
    return prefix + "build_cache/" + ARCH + "/" + COMPILER + "/" + s.name() + "-" + s.version() + "/" + ARCH + "-"
        + COMPILER + "-" + s.label() + ".spack";
  }

  List<String> v2Keys(Spec s) {
    return List.of(v2SpecKey(s), v2TarballKey(s));
  }

  void putV2(Spec s) {
    putV2(s, true, true);
  }

  void putV2(Spec s, boolean specFile, boolean tarball) {
    if (tarball) {
      put(v2TarballKey(s), tarball(s), s.time().minusSeconds(5));
    }
    if (specFile) {
      put(v2SpecKey(s), clearsign(specJson(s)), s.time());
    }
  }

  /**
   * An index as Spack's update-index writes it: each pushed spec's whole DAG is added to a database
   * and only the pushed specs are marked {@code in_buildcache}; dependencies never pushed (externals,
   * build tools) are entries too, with {@code in_buildcache: false}.
   */
  static byte[] database(List<Spec> specs, String version) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode db = root.putObject("database");
    db.put("version", version);
    ObjectNode installs = db.putObject("installs");
    Map<String, Spec> all = new LinkedHashMap<>();
    specs.forEach(s -> collect(s, all));
    Map<String, Integer> refs = new LinkedHashMap<>();
    for (Spec s : all.values()) {
      s.deps().forEach(d -> refs.merge(d.hash(), 1, Integer::sum));
    }
    java.util.Set<String> pushed = new java.util.HashSet<>();
    specs.forEach(s -> pushed.add(s.hash()));
    for (Spec s : all.values()) {
      ObjectNode e = installs.putObject(s.hash());
      e.set("spec", node(s));
      e.put("ref_count", refs.getOrDefault(s.hash(), 0));
      e.put("in_buildcache", pushed.contains(s.hash()));
    }
    return bytes(root);
  }

  void putV2Index(List<Spec> specs, Instant time) {
    byte[] db = database(specs, "7");
    put(prefix + "build_cache/index.json", db, time);
    put(prefix + "build_cache/index.json.hash", hex(sha256(db)).getBytes(StandardCharsets.US_ASCII), time);
  }

  void putV2Key(Instant time) {
    put(prefix + "build_cache/_pgp/ABCDEF0123456789.pub", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n"
        .getBytes(StandardCharsets.US_ASCII), time);
  }

  // ---- v3

  String v3ManifestKey(Spec s) {
    return prefix + "v3/manifests/spec/" + s.name() + "/" + s.label() + ".spec.manifest.json";
  }

  static String blobKeyOf(byte[] content) {
    String h = hex(sha256(content));
    return "blobs/sha256/" + h.substring(0, 2) + "/" + h;
  }

  static byte[] v3SpecBlob(Spec s) {
    return gzip(specJson(s));
  }

  static byte[] v3TarballBlob(Spec s) {
    return gzip(tarball(s));
  }

  List<String> v3BlobKeys(Spec s) {
    return List.of(prefix + blobKeyOf(v3TarballBlob(s)), prefix + blobKeyOf(v3SpecBlob(s)));
  }

  List<String> v3Keys(Spec s) {
    List<String> k = new ArrayList<>(List.of(v3ManifestKey(s)));
    k.addAll(v3BlobKeys(s));
    return k;
  }

  static byte[] manifest(List<Object[]> entries) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 3);
    ArrayNode data = root.putArray("data");
    for (Object[] e : entries) {
      byte[] content = (byte[]) e[0];
      String h = hex(sha256(content));
      data.addObject().put("contentLength", content.length).put("mediaType", (String) e[1])
          .put("compression", (String) e[2]).put("checksumAlgorithm", "sha256").put("checksum", h);
    }
    return bytes(root);
  }

  void putV3(Spec s) {
    putV3(s, true, true);
  }

  void putV3(Spec s, boolean tarballBlob, boolean specBlob) {
    byte[] tb = v3TarballBlob(s);
    byte[] sb = v3SpecBlob(s);
    if (tarballBlob) {
      put(prefix + blobKeyOf(tb), tb, s.time().minusSeconds(10));
    }
    if (specBlob) {
      put(prefix + blobKeyOf(sb), sb, s.time().minusSeconds(5));
    }
    put(v3ManifestKey(s), manifest(List.of(
        new Object[] {tb, "application/vnd.spack.install.v2.tar+gzip", "gzip"},
        new Object[] {sb, "application/vnd.spack.spec.v5+json", "gzip"})), s.time());
  }

  /** Writes the v3 index (database blob + manifest); returns the database blob's key. */
  String putV3Index(List<Spec> specs, Instant time) {
    byte[] db = database(specs, "8");
    put(prefix + blobKeyOf(db), db, time.minusSeconds(1));
    put(prefix + CacheKey.V3_MAIN_INDEX,
        manifest(List.<Object[]>of(new Object[] {db, "application/vnd.spack.db.v8+json", "none"})), time);
    return prefix + blobKeyOf(db);
  }

  /** layout.json and one key with its key index, as Spack 1.x writes them. */
  List<String> putV3Layout(Instant time) {
    put(prefix + "v3/layout.json", "{\"signing\": \"gpg\"}".getBytes(StandardCharsets.UTF_8), time);
    byte[] key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\nkey\n".getBytes(StandardCharsets.US_ASCII);
    byte[] keyIndex = "{\"keys\": {\"ABCDEF\": {}}}".getBytes(StandardCharsets.US_ASCII);
    put(prefix + blobKeyOf(key), key, time);
    put(prefix + blobKeyOf(keyIndex), keyIndex, time);
    put(prefix + "v3/manifests/key/ABCDEF.key.manifest.json",
        manifest(List.<Object[]>of(new Object[] {key, "application/pgp-keys", "none"})), time);
    put(prefix + "v3/manifests/key/keys.manifest.json",
        manifest(List.<Object[]>of(new Object[] {keyIndex, "application/vnd.spack.keyindex.v1+json", "none"})), time);
    return List.of(prefix + blobKeyOf(key), prefix + blobKeyOf(keyIndex));
  }

  /** A spack.lock (v6) naming the given specs and, as Spack does, all their dependencies. */
  static String lockfile(Spec... roots) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("_meta").put("file-type", "spack-lockfile").put("lockfile-version", 6).put("specfile-version", 5);
    root.putObject("spack").put("version", "1.0.2").put("type", "release");
    ArrayNode r = root.putArray("roots");
    Map<String, Spec> all = new LinkedHashMap<>();
    for (Spec s : roots) {
      r.addObject().put("hash", s.hash()).put("spec", s.name());
      collect(s, all);
    }
    ObjectNode cs = root.putObject("concrete_specs");
    all.values().forEach(s -> cs.set(s.hash(), node(s)));
    return new String(bytes(root), StandardCharsets.UTF_8);
  }

  // ---- helpers

  static byte[] bytes(Object tree) {
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
