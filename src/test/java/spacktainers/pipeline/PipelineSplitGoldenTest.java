package spacktainers.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spacktainers.testing.Cli;
import spacktainers.testing.Repo;

/**
 * Golden files for {@code pipeline split} on Spack-shaped inputs of several versions. Each case folder has
 * {@code in/} (what {@code spack ci generate} wrote), optional {@code args}, {@code arch-settings.yml} and
 * {@code spacktainers.yaml} (site settings, given as {@code --config}),
 * and {@code expected/} (every file written plus {@code stdout.txt}). Every output must also pass
 * {@code pipeline check}, and a second run must give the same bytes.
 */
class PipelineSplitGoldenTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"spack-1x-anchored", "spack-0.18-flow", "spack-0.22-flow", "noop", "empty",
      "site-settings"})
  void matchesGoldenFilesAndPassesCheck(String name) throws IOException {
    Path fixture = Repo.fixtures("pipeline/split").resolve(name);
    Map<String, String> first = split(fixture, tmp.resolve("run1"));
    Map<String, String> second = split(fixture, tmp.resolve("run2"));
    assertEquals(first, second, "split is not deterministic");

    Path expected = fixture.resolve("expected");
    if (Repo.updateGolden()) {
      if (Files.exists(expected)) {
        try (Stream<Path> old = Files.list(expected)) {
          for (Path p : old.toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(expected);
      for (Map.Entry<String, String> e : first.entrySet()) {
        Files.writeString(expected.resolve(e.getKey()), e.getValue());
      }
    }
    Map<String, String> golden = new TreeMap<>();
    try (Stream<Path> files = Files.list(expected)) {
      for (Path p : files.toList()) {
        golden.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    assertEquals(golden.keySet(), first.keySet(), "files written");
    for (String file : golden.keySet()) {
      assertEquals(golden.get(file), first.get(file), file + " differs from " + expected.resolve(file)
          + " (rerun with -Dgolden.update=true and review the diff)");
    }

    List<String> check = new ArrayList<>(List.of("pipeline", "check"));
    try (Stream<Path> files = Files.list(tmp.resolve("run1/out"))) {
      files.sorted().forEach(p -> check.add(p.toString()));
    }
    Cli.Result result = Cli.in(tmp).run(check.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.err().isEmpty(), result.toString());
  }

  private Map<String, String> split(Path fixture, Path work) throws IOException {
    Files.createDirectories(work);
    List<String> args = new ArrayList<>(List.of("pipeline", "split", "--arch", "amd64",
        "--in", fixture.resolve("in").toString(), "--out", "out",
        "--source-job", "generate amd64", "--source-pipeline", "1234"));
    if (Files.exists(fixture.resolve("arch-settings.yml"))) {
      args.addAll(List.of("--arch-settings", fixture.resolve("arch-settings.yml").toString()));
    }
    if (Files.exists(fixture.resolve("spacktainers.yaml"))) {
      args.addAll(List.of("--config", fixture.resolve("spacktainers.yaml").toString()));
    }
    if (Files.exists(fixture.resolve("args"))) {
      args.addAll(List.of(Files.readString(fixture.resolve("args")).trim().split("\\s+")));
    }
    Cli.Result result = Cli.in(work).run(args.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.toString());
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(work.resolve("out"))) {
      for (Path p : files.toList()) {
        out.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    out.put("stdout.txt", result.out().replace(work.toString(), "WORK"));
    out.put("stderr.txt", result.err().replace(fixture.toString(), "FIXTURE"));
    return out;
  }
}
