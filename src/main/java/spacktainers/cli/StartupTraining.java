package spacktainers.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Training run for the launcher's class-data-sharing archive. The launcher runs it once per build
 * with {@code -XX:ArchiveClassesAtExit}; every class these typical quick command lines load is then
 * mapped from the archive on later starts instead of being read from the jars and verified.
 * Output is discarded and failures are ignored: a command that fails only makes the archive smaller.
 */
public final class StartupTraining {
  /** A one-spec environment like the README's main job. */
  private static final String ENVIRONMENT = String.join("\n",
      "spack:",
      "  specs:",
      "  - zlib",
      "  container:",
      "    format: docker",
      "    images:",
      "      os: ubuntu:22.04",
      "      spack: develop",
      "    labels:",
      "      app: zlib",
      "");

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    Main.tuneForStartup();
    Path dir = Files.createTempDirectory("spacktainers-cds-");
    try {
      Files.writeString(dir.resolve("spack.yaml"), ENVIRONMENT);
      String env = dir.toString();
      List<List<String>> lines = List.of(
          List.of("containerize", env),
          List.of("containerize", "--monitor", env),
          List.of("containerize", "--format", "singularity", env),
          List.of("containerize", "--list-os"),
          List.of("containerize", "--bogus-option"),
          List.of("--help"),
          List.of("--version"));
      for (List<String> line : lines) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        Main.run(new CliContext(discard, discard, Map.of(), dir), line.toArray(String[]::new));
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
