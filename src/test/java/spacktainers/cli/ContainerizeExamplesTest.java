package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import spacktainers.testing.Cli;
import spacktainers.testing.Repo;

/** The shipped examples work, starting with the README's main job. */
class ContainerizeExamplesTest {
  @Test
  void readmeMainJob() {
    Cli.Result r = Cli.in(Repo.root()).run("containerize", "--monitor", "examples/monitor");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().startsWith("# syntax=docker/dockerfile:1\n"), r.out());
    assertTrue(r.out().contains("spack -e . install --monitor --monitor-prefix ms1 --monitor-host http://127.0.0.1 "
        + "--fail-fast"), r.out());
  }

  @Test
  void everyExampleGenerates() throws IOException {
    List<Path> examples;
    try (Stream<Path> s = Files.list(Repo.path("examples"))) {
      examples = s.filter(p -> Files.isRegularFile(p.resolve("spack.yaml"))).sorted().toList();
    }
    assertTrue(examples.size() >= 4, examples.toString());
    for (Path example : examples) {
      String name = example.getFileName().toString();
      List<String> args = switch (name) {
        case "monitor", "singularity-monitor" -> List.of("containerize", "--monitor", "examples/" + name);
        case "custom-images" -> List.of("containerize", "--spack-version", "0.22.2", "examples/" + name);
        default -> List.of("containerize", "examples/" + name);
      };
      if (name.equals("spack-from-git")) {
        continue; // resolve_sha asks github.com; ContainerizeCommandTest covers it with a local remote
      }
      Cli.Result r = Cli.in(Repo.root()).run(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), name + ": " + r);
    }
  }
}
