package spacktainers.buildcache;

/** Why an object is deleted. The slug is what the report, the JSON and the plan file show. */
public enum Reason {
  TOO_OLD("too-old", "older than --max-age and in no lockfile"),
  DEPENDENT("dependent-of-deleted", "depends on a deleted spec"),
  ORPHAN_TARBALL("orphan-tarball", "v2 tarball without spec file"),
  ORPHAN_SPEC_FILE("orphan-spec-file", "v2 spec file without tarball"),
  INCOMPLETE_MANIFEST("incomplete-manifest", "v3 manifest whose blobs are missing"),
  ORPHAN_BLOB("orphan-blob", "v3 blob no manifest references");

  private final String slug;
  private final String description;

  Reason(String slug, String description) {
    this.slug = slug;
    this.description = description;
  }

  public String slug() {
    return slug;
  }

  public String description() {
    return description;
  }

  public static Reason fromSlug(String slug) {
    for (Reason r : values()) {
      if (r.slug.equals(slug)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown reason '" + slug + "'");
  }
}
