package spacktainers.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;
import spacktainers.testing.DockerfileLint;
import spacktainers.testing.Repo;

/**
 * Every Dockerfile we ship as a golden file, and fresh ones for every OS in the catalogue with and
 * without {@code --monitor}, pass dockerfile-utils (the validator of VS Code's Docker language
 * server) with no error and no warning.
 */
class GeneratedDockerfilesLintTest {
  @Test
  void goldenDockerfilesAreClean() {
    List<Path> files = goldenDockerfiles();
    assertFalse(files.isEmpty(), "no golden Dockerfiles found under " + Repo.fixtures("containerize"));
    assertClean(DockerfileLint.validate(files));
  }

  @Test
  void freshDockerfilesForEveryOsAndMonitorModeAreClean(@TempDir Path dir) throws IOException {
    List<String> osKeys = osKeys(dir);
    assertTrue(osKeys.size() >= 8, "catalogue too small: " + osKeys);
    List<Path> files = new ArrayList<>();
    int n = 0;
    for (String os : osKeys) {
      Path plain = Files.createDirectories(dir.resolve("env" + n++));
      Files.writeString(plain.resolve("spack.yaml"), environment(os, "develop"));
      Path developRecipe = generate(plain, false);
      if (developRecipe == null) {
        // An OS whose python3 is too old for Spack develop (ubuntu:16.04) takes 0.18 instead.
        Files.writeString(plain.resolve("spack.yaml"), environment(os, "v0.18.1"));
        developRecipe = generate(plain, true);
      }
      files.add(developRecipe);
      files.add(generate(plain, true, "--last-stage", "build"));
      // The monitor needs Spack 0.17/0.18; an OS that cannot run the release asked for is refused (exit 2).
      Path monitored = Files.createDirectories(dir.resolve("env" + n++));
      Files.writeString(monitored.resolve("spack.yaml"), environment(os, "v0.18.1"));
      for (List<String> flags : List.of(List.of("--monitor"), List.of("--monitor", "--monitor-save-local"),
          List.of("--monitor", "--monitor-tags", "a,b c", "--monitor-prefix", "ms 2", "--monitor-keep-going"))) {
        addIfGenerated(files, generate(monitored, false, flags.toArray(String[]::new)));
      }
      Path noAuth = Files.createDirectories(dir.resolve("env" + n++));
      Files.writeString(noAuth.resolve("spack.yaml"), environment(os, "v0.17.3"));
      addIfGenerated(files, generate(noAuth, false, "--monitor", "--monitor-disable-auth"));
    }
    assertTrue(files.size() >= 4 * osKeys.size(), "too few recipes generated: " + files.size());
    assertClean(DockerfileLint.validate(files));
  }

  private static void addIfGenerated(List<Path> files, Path file) {
    if (file != null) {
      files.add(file);
    }
  }

  private static String environment(String os, String spack) {
    return "spack:\n  specs:\n  - zlib\n  - 'hdf5 +mpi cflags=\"-O2 $X\"'\n"
        + "  container:\n    format: docker\n    images:\n      os: " + os + "\n"
        + "      spack: " + spack + "\n"
        + "    labels:\n      description: 'say \"hi\" to $USER'\n";
  }

  /** Runs containerize; returns the Dockerfile written, or null where a refusal (exit 2) is allowed. */
  private static Path generate(Path env, boolean mustSucceed, String... flags) throws IOException {
    List<String> args = new ArrayList<>(List.of("containerize"));
    args.addAll(List.of(flags));
    Cli.Result r = Cli.in(env).run(args.toArray(String[]::new));
    if (r.exitCode() != 0) {
      if (mustSucceed || r.exitCode() != 2 || !r.out().isEmpty()) {
        fail("containerize " + String.join(" ", flags) + " in " + env + ": " + r);
      }
      return null;
    }
    Path out = env.resolve("Dockerfile" + String.join("", flags).replaceAll("[^A-Za-z0-9]+", "-"));
    return Files.writeString(out, r.out());
  }

  private static List<String> osKeys(Path dir) {
    Cli.Result r = Cli.in(dir).run("containerize", "--list-os");
    assertEquals(0, r.exitCode(), r.toString());
    return r.out().lines().skip(1).map(l -> l.split("\\s+")[0]).filter(s -> !s.isEmpty()).toList();
  }

  private static void assertClean(List<DockerfileLint.Diagnostic> diagnostics) {
    if (!diagnostics.isEmpty()) {
      StringBuilder sb = new StringBuilder("dockerfile-utils found problems:\n");
      diagnostics.forEach(d -> sb.append("  ").append(d).append('\n'));
      fail(sb.toString());
    }
  }

  /**
   * Files under fixtures/containerize whose first instruction is FROM or ARG (Singularity files start
   * with Bootstrap:), except templates, whose mustache tags are no Dockerfile syntax.
   */
  static List<Path> goldenDockerfiles() {
    Path root = Repo.fixtures("containerize");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".mustache"))
          .filter(GeneratedDockerfilesLintTest::isDockerfile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isDockerfile(Path p) {
    try {
      for (String line : Files.readAllLines(p)) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String upper = t.toUpperCase(Locale.ROOT);
        return upper.startsWith("FROM ") || upper.startsWith("ARG ");
      }
      return false;
    } catch (IOException | UncheckedIOException notText) {
      return false;
    }
  }
}
