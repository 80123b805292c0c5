package spacktainers.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import spacktainers.common.InvalidInputException;

class ImageReferenceTest {
  private static ImageReference parse(String s) {
    return ImageReference.parse(s, "x.def:2");
  }

  @Test
  void parsesRegistriesPortsTagsAndDigests() {
    assertEquals(new ImageReference("docker.io", "library/ubuntu", Optional.of("22.04"), Optional.empty()),
        parse("ubuntu:22.04"));
    assertEquals(new ImageReference("docker.io", "sonatype/nexus3", Optional.of("3.68.1"), Optional.empty()),
        parse("docker://sonatype/nexus3:3.68.1"));
    assertEquals(new ImageReference("registry.test:5000", "team/tools", Optional.of("2.1"), Optional.empty()),
        parse("registry.test:5000/team/tools:2.1"));
    assertEquals(new ImageReference("localhost", "img", Optional.empty(), Optional.empty()), parse("localhost/img"));
    String digest = "sha256:" + "ab".repeat(32);
    assertEquals(new ImageReference("ghcr.io", "org/img", Optional.of("1.0"), Optional.of(digest)),
        parse("ghcr.io/org/img:1.0@" + digest));
    assertEquals(new ImageReference("host:5000", "img", Optional.empty(), Optional.of(digest)),
        parse("host:5000/img@" + digest));
    assertEquals("docker.io/library/ubuntu:22.04", parse("ubuntu:22.04").canonical());
  }

  @Test
  void rejectsMalformedReferences() {
    assertEquals("x.def:2: invalid repository 'Ubuntu' in image reference 'Ubuntu:22.04': each part must be"
        + " lower-case letters and digits with '.', '_', '__' or '-' between them",
        assertThrows(InvalidInputException.class, () -> parse("Ubuntu:22.04")).problems().get(0).line());
    assertThrows(InvalidInputException.class, () -> parse("img@sha256:abc"));
    assertThrows(InvalidInputException.class, () -> parse("img:bad tag"));
    assertThrows(InvalidInputException.class, () -> parse(""));
    assertThrows(InvalidInputException.class, () -> parse("host:5000/"));
  }
}
