package spacktainers.buildcache;

/** The two Spack build-cache layouts; one bucket prefix may hold both (e.g. during a migration). */
public enum Layout {
  /** Spack <= 0.23: {@code build_cache/*.spec.json[.sig]}, {@code .spack} tarballs, {@code index.json}. */
  V2,
  /** Spack 1.x: {@code v3/manifests/...} pointing at content-addressed {@code blobs/sha256/...}. */
  V3;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
