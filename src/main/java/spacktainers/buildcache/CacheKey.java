package spacktainers.buildcache;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one key of a build-cache mirror is, parsed strictly: anything that does not match a known
 * pattern is {@link Kind#OTHER} and is never deleted.
 *
 * @param relative the key relative to the mirror prefix
 * @param hash the spec's DAG hash for spec files, tarballs and spec manifests, else empty
 * @param name the package name where the key tells it (v3 manifests), else empty
 */
public record CacheKey(Kind kind, String relative, String hash, String name) {

  /** The kinds of keys in a mirror. */
  public enum Kind {
    V2_SPEC_FILE, V2_TARBALL, V2_INDEX, V2_INDEX_HASH, V2_KEYS,
    V3_LAYOUT, V3_SPEC_MANIFEST, V3_INDEX_MANIFEST, V3_OTHER_MANIFEST, V3_BLOB,
    OTHER
  }

  /** Spack DAG hashes: 32 characters of lower-case base32. */
  static final Pattern HASH = Pattern.compile("[a-z2-7]{32}");

  private static final Pattern V2_SPEC_FILE =
      Pattern.compile("build_cache/([^/]+)-([a-z2-7]{32})\\.(spec\\.json\\.sig|spec\\.json|spec\\.yaml)");
  private static final Pattern V2_TARBALL =
      Pattern.compile("build_cache/(?:[^/]+/)*([^/]+)-([a-z2-7]{32})\\.(spack|tar\\.gz)");
  private static final Pattern V3_SPEC_MANIFEST =
      Pattern.compile("v3/manifests/spec/([^/]+)/([^/]+)-([a-z2-7]{32})\\.spec\\.manifest\\.json");
  private static final Pattern V3_BLOB = Pattern.compile("blobs/sha256/([0-9a-f]{2})/([0-9a-f]{64})");

  public static CacheKey parse(String relative) {
    Matcher m;
    if (relative.startsWith("build_cache/")) {
      if (relative.equals("build_cache/index.json")) {
        return of(Kind.V2_INDEX, relative);
      }
      if (relative.equals("build_cache/index.json.hash")) {
        return of(Kind.V2_INDEX_HASH, relative);
      }
      if (relative.startsWith("build_cache/_pgp/")) {
        return of(Kind.V2_KEYS, relative);
      }
      if ((m = V2_SPEC_FILE.matcher(relative)).matches()) {
        return new CacheKey(Kind.V2_SPEC_FILE, relative, m.group(2), "");
      }
      if ((m = V2_TARBALL.matcher(relative)).matches()) {
        return new CacheKey(Kind.V2_TARBALL, relative, m.group(2), "");
      }
      return of(Kind.OTHER, relative);
    }
    if (relative.equals("v3/layout.json")) {
      return of(Kind.V3_LAYOUT, relative);
    }
    if (relative.startsWith("v3/manifests/")) {
      if ((m = V3_SPEC_MANIFEST.matcher(relative)).matches()) {
        return new CacheKey(Kind.V3_SPEC_MANIFEST, relative, m.group(3), m.group(1));
      }
      if (relative.startsWith("v3/manifests/index/") && relative.endsWith("/index.manifest.json")) {
        return of(Kind.V3_INDEX_MANIFEST, relative);
      }
      if (relative.endsWith(".manifest.json")) {
        return of(Kind.V3_OTHER_MANIFEST, relative);
      }
      return of(Kind.OTHER, relative);
    }
    if ((m = V3_BLOB.matcher(relative)).matches() && m.group(2).startsWith(m.group(1))) {
      return of(Kind.V3_BLOB, relative);
    }
    return of(Kind.OTHER, relative);
  }

  private static CacheKey of(Kind kind, String relative) {
    return new CacheKey(kind, relative, "", "");
  }

  /** The key of a content-addressed blob, as Spack builds it from a manifest entry. */
  public static Optional<String> blobKey(String algorithm, String checksum) {
    if (!algorithm.equals("sha256") || !checksum.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    return Optional.of("blobs/sha256/" + checksum.substring(0, 2) + "/" + checksum);
  }

  /** The main v3 index manifest (named views live in sub-folders). */
  public static final String V3_MAIN_INDEX = "v3/manifests/index/index.manifest.json";
}
