package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import spacktainers.buildcache.CacheKey.Kind;

class CacheKeyTest {
  static final String H = "mtywqqi5thrvwlzbiq4apwd4rrrr5uhj";

  @Test
  void v2KeysOfTheOriginalJanitorAreRecognised() {
    // build_key / build_sig_key of spackitor for present_new_enough@1.2.3.
    String sig = "build_cache/linux-ubuntu20.04-x86_64-gcc-9.4.0-present_new_enough-1.2.3-" + H + ".spec.json.sig";
    String tar = "build_cache/linux-ubuntu20.04-x86_64/gcc-9.4.0/present_new_enough-1.2.3/"
        + "linux-ubuntu20.04-x86_64-gcc-9.4.0-present_new_enough-1.2.3-" + H + ".spack";
    assertEquals(new CacheKey(Kind.V2_SPEC_FILE, sig, H, ""), CacheKey.parse(sig));
    assertEquals(new CacheKey(Kind.V2_TARBALL, tar, H, ""), CacheKey.parse(tar));
    assertEquals(Kind.V2_SPEC_FILE, CacheKey.parse(sig.replace(".spec.json.sig", ".spec.json")).kind());
    assertEquals(Kind.V2_SPEC_FILE, CacheKey.parse(sig.replace(".spec.json.sig", ".spec.yaml")).kind());
    assertEquals(Kind.V2_TARBALL, CacheKey.parse(tar.replace(".spack", ".tar.gz")).kind());
    assertEquals(Kind.V2_INDEX, CacheKey.parse("build_cache/index.json").kind());
    assertEquals(Kind.V2_INDEX_HASH, CacheKey.parse("build_cache/index.json.hash").kind());
    assertEquals(Kind.V2_KEYS, CacheKey.parse("build_cache/_pgp/ABCD.pub").kind());
  }

  @Test
  void v3KeysAreRecognised() {
    String m = "v3/manifests/spec/zlib-ng/zlib-ng-2.2.4-" + H + ".spec.manifest.json";
    assertEquals(new CacheKey(Kind.V3_SPEC_MANIFEST, m, H, "zlib-ng"), CacheKey.parse(m));
    assertEquals(Kind.V3_INDEX_MANIFEST, CacheKey.parse("v3/manifests/index/index.manifest.json").kind());
    assertEquals(Kind.V3_INDEX_MANIFEST, CacheKey.parse("v3/manifests/index/myview/index.manifest.json").kind());
    assertEquals(Kind.V3_OTHER_MANIFEST, CacheKey.parse("v3/manifests/key/ABCD.key.manifest.json").kind());
    assertEquals(Kind.V3_LAYOUT, CacheKey.parse("v3/layout.json").kind());
    String sum = "ab" + "0".repeat(62);
    assertEquals(Kind.V3_BLOB, CacheKey.parse("blobs/sha256/ab/" + sum).kind());
  }

  @Test
  void anythingElseIsNeverMistakenForASpec() {
    for (String k : new String[] {
        "build_cache/notes.txt",
        "build_cache/linux-x-gcc-1-zlib-1.0-" + H.toUpperCase() + ".spack",           // not Spack's base32
        "build_cache/linux-x-gcc-1-zlib-1.0-" + H.substring(1) + ".spec.json",        // 31 characters
        "build_cache/sub/linux-x-gcc-1-zlib-1.0-" + H + ".spec.json",                // spec files sit at the top
        "blobs/sha256/cd/ab" + "0".repeat(62),                                       // folder does not match
        "v3/manifests/spec/zlib/zlib-1.0-" + H + ".json",
        "pr123_branch/build_cache/index.json"}) {
      assertEquals(Kind.OTHER, CacheKey.parse(k).kind(), k);
    }
  }
}
