package spacktainers.buildcache;

import java.util.Objects;

/**
 * One object the plan deletes, and why.
 *
 * @param hash the spec it belongs to, or empty for an unreferenced blob
 * @param name the spec's package name, or empty when unknown
 * @param cause for {@link Reason#DEPENDENT}: the hash of the deleted dependency; else empty
 */
public record Deletion(StoredObject object, Layout layout, String hash, String name, Reason reason, String cause) {
  public Deletion {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(reason, "reason");
    hash = hash == null ? "" : hash;
    name = name == null ? "" : name;
    cause = cause == null ? "" : cause;
  }

  public String key() {
    return object.key();
  }

  /** Layout and hash, as {@link CacheSpec#id()}; empty for unreferenced blobs. */
  public String specId() {
    return hash.isEmpty() ? "" : layout.label() + ":" + hash;
  }

  /**
   * True for the object a Spack client reads first (v2 spec file, v3 spec manifest); their suffixes
   * are unambiguous, unlike tarballs and blobs.
   */
  public boolean entryPoint() {
    String k = object.key();
    return k.endsWith(".spec.json") || k.endsWith(".spec.json.sig") || k.endsWith(".spec.yaml")
        || k.endsWith(".spec.manifest.json");
  }
}
