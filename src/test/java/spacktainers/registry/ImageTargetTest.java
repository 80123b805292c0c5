package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spacktainers.common.InvalidInputException;

class ImageTargetTest {
  private static ImageTarget parse(String s) {
    return ImageTarget.parse(s, "--to", p -> Path.of("/w").resolve(p));
  }

  @Test
  void registry() {
    assertEquals(new ImageTarget.Registry(new ImageRef("127.0.0.1:5000", "spack/app", "1")),
        parse("registry://127.0.0.1:5000/spack/app:1"));
    assertEquals(new ImageTarget.Registry(new ImageRef("registry-1.docker.io", "library/app", "latest")),
        parse("registry://app"));
  }

  @Test
  void tarball() {
    assertEquals(new ImageTarget.Archive(Path.of("/w/out.tar"), Optional.empty()), parse("tar://out.tar"));
    assertEquals(new ImageTarget.Archive(Path.of("/w/d/out.tar"), Optional.of("127.0.0.1:5000/spack/app:1")),
        parse("tar://d/out.tar:127.0.0.1:5000/spack/app:1"));
    assertEquals(new ImageTarget.Archive(Path.of("/abs/o.tar"), Optional.of("docker.io/library/app:2")),
        parse("tar:///abs/o.tar:app:2"));
  }

  @Test
  void daemon() {
    assertEquals(new ImageTarget.Daemon("docker.io/spack/app:latest"), parse("docker://spack/app"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"out.tar", "oci:dir", "registry://", "registry://Bad Name", "tar://", "tar://o.tar:bad name",
      "registry://h/app@sha256:0123456789012345678901234567890123456789012345678901234567890123"})
  void rejects(String text) {
    assertThrows(InvalidInputException.class, () -> parse(text));
  }
}
