package spacktainers.buildcache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds {@link CacheInventory} values directly, for tests of the pure planner. */
final class InventoryModel {
  final List<CacheSpec> specs = new ArrayList<>();
  final Map<String, StoredObject> blobs = new HashMap<>();
  final Set<String> pinned = new HashSet<>();
  final Map<Layout, Instant> indexTimes = new HashMap<>();
  final Map<Layout, Set<String>> indexed = new HashMap<>();
  boolean refsComplete = true;

  static StoredObject obj(String key, Instant t) {
    return new StoredObject(key, 100, t, "etag-" + key.hashCode());
  }

  CacheSpec v2(String name, Instant t, Set<String> deps, boolean specFile, boolean tarball) {
    String h = CacheFixture.hash(name);
    List<StoredObject> sf = specFile
        ? List.of(obj("build_cache/linux-x-gcc-1-" + name + "-1.0-" + h + ".spec.json.sig", t)) : List.of();
    Optional<StoredObject> tb = tarball
        ? Optional.of(obj("build_cache/linux-x/gcc-1/" + name + "-1.0/linux-x-gcc-1-" + name + "-1.0-" + h + ".spack", t))
        : Optional.empty();
    CacheSpec s = CacheSpec.v2(h, name, sf, tb, deps);
    specs.add(s);
    return s;
  }

  CacheSpec v2(String name, Instant t, String... depNames) {
    Set<String> deps = new HashSet<>();
    for (String d : depNames) {
      deps.add(CacheFixture.hash(d));
    }
    return v2(name, t, deps, true, true);
  }

  /** A v3 spec with two blobs named after it (or the given shared blob as its tarball). */
  CacheSpec v3(String name, Instant t, List<String> blobNames, boolean blobsPresent, String... depNames) {
    String h = CacheFixture.hash(name);
    Set<String> deps = new HashSet<>();
    for (String d : depNames) {
      deps.add(CacheFixture.hash(d));
    }
    List<String> keys = new ArrayList<>();
    for (String b : blobNames) {
      String sum = CacheFixture.hex(CacheFixture.sha256(b.getBytes()));
      String key = "blobs/sha256/" + sum.substring(0, 2) + "/" + sum;
      keys.add(key);
      if (blobsPresent) {
        blobs.putIfAbsent(key, obj(key, t.minusSeconds(10)));
      }
    }
    CacheSpec s = CacheSpec.v3(h, name, obj("v3/manifests/spec/" + name + "/" + name + "-1.0-" + h + ".spec.manifest.json", t),
        keys, true, blobs::containsKey, deps);
    specs.add(s);
    return s;
  }

  String blob(String name, Instant t) {
    String sum = CacheFixture.hex(CacheFixture.sha256(name.getBytes()));
    String key = "blobs/sha256/" + sum.substring(0, 2) + "/" + sum;
    blobs.put(key, obj(key, t));
    return key;
  }

  CacheInventory build() {
    long n = specs.stream().mapToLong(s -> s.objects().size()).sum() + blobs.size();
    return new CacheInventory(specs, blobs, pinned, refsComplete, indexTimes, indexed, n, n * 100);
  }
}
