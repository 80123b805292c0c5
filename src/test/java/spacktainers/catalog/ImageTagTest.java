package spacktainers.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

class ImageTagTest {
  @Property(tries = 2000)
  void parseInvertsFormat(@ForAll("tags") ImageTag tag) {
    assertEquals(tag, ImageTag.parse(tag.format()));
  }

  @Property(tries = 1000)
  void sifNamesRoundTrip(@ForAll("tags") ImageTag tag, @ForAll("names") String name) {
    SifName sif = new SifName(name, tag);
    assertEquals(sif, SifName.parse(sif.format()));
  }

  @Provide
  Arbitrary<ImageTag> tags() {
    Arbitrary<String> version = Arbitraries.strings().withChars("abcXYZ0123456789._-").ofMinLength(0).ofMaxLength(20)
        .map(s -> "v" + s);
    Arbitrary<Optional<Architecture>> arch = Arbitraries.of(Architecture.class).optional(0.5);
    // Slugs as GitLab makes them from branch names, including ones that end like an architecture suffix.
    Arbitrary<String> branch = Combinators.combine(
        Arbitraries.strings().withChars("abz09-/_.").ofMinLength(1).ofMaxLength(70),
        Arbitraries.of("", "-arm64", "-amd64", "__x", "/arm64")).as(String::concat);
    Arbitrary<Optional<String>> slug = branch.map(RefSlug::of).filter(s -> !s.isEmpty()).optional(0.6);
    return Combinators.combine(version, arch, slug).as(Parts::new).filter(Parts::valid).map(Parts::tag);
  }

  /** Raw tag fields; only valid combinations become tags. */
  record Parts(String version, Optional<Architecture> arch, Optional<String> slug) {
    boolean valid() {
      try {
        tag();
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    ImageTag tag() {
      return new ImageTag(version, arch, slug);
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("abc019.-_").ofMinLength(1).ofMaxLength(30).map(s -> "n" + s + "z")
        .filter(s -> Names.checkContainer(s).isEmpty());
  }

  @Example
  void theShapesOfTags() {
    assertEquals("9.0.1", new ImageTag("9.0.1", Optional.empty(), Optional.empty()).format());
    assertEquals("9.0.1-arm64", new ImageTag("9.0.1", Optional.of(Architecture.ARM64), Optional.empty()).format());
    assertEquals("9.0.1-arm64__feature-arm64",
        new ImageTag("9.0.1", Optional.of(Architecture.ARM64), Optional.of("feature-arm64")).format());
    // The original's cleanup job read this as branch "feature" on arm64; here the slug is all after '__'.
    ImageTag t = ImageTag.parse("9.0__feature-arm64");
    assertEquals(Optional.of("feature-arm64"), t.slug());
    assertEquals(Optional.empty(), t.arch());
    assertEquals("nexus-storage", SifName.parse("nexus-storage__latest-amd64.sif").container());
  }

  @Example
  void ambiguousVersionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ImageTag("1.0-arm64", Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new ImageTag("1__0", Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new ImageTag("1_", Optional.empty(), Optional.of("x")));
    assertThrows(IllegalArgumentException.class, () -> new ImageTag("1+x", Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new ImageTag("1".repeat(129), Optional.empty(), Optional.empty()));
    // With an arch suffix such a version is fine: the suffix is stripped once.
    ImageTag t = new ImageTag("1.0-arm64", Optional.of(Architecture.AMD64), Optional.empty());
    assertEquals(t, ImageTag.parse("1.0-arm64-amd64"));
  }

  @Example
  void foreignTagsDoNotParse() {
    assertThrows(IllegalArgumentException.class, () -> ImageTag.parse("1.0__Feature"));
    assertThrows(IllegalArgumentException.class, () -> ImageTag.parse("1.0__a__b"));
    assertThrows(IllegalArgumentException.class, () -> ImageTag.parse("-1"));
    assertThrows(IllegalArgumentException.class, () -> SifName.parse("neuron.sif"));
    assertThrows(IllegalArgumentException.class, () -> SifName.parse("neuron__1.0.tar"));
  }

  @Example
  void refSlugsMatchGitLab() {
    assertEquals("feature-x", RefSlug.of("feature/x"));
    assertEquals("feature-x", RefSlug.of("Feature_X"));
    assertEquals("a", RefSlug.of("--a--"));
    assertEquals(63, RefSlug.of("b".repeat(80)).length());
  }
}
