package spacktainers.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launcher's class-data-sharing training run: runs typical short commands in one JVM, output
 * discarded, and the launcher archives every class they loaded. Failures are fine: only the classes
 * loaded matter. Not a user command.
 *
 * <p>Arguments: the repository folder, and the command family the archive is for ({@code
 * containerize}, {@code definitions}, or {@code common} for everything else). One archive per family
 * keeps each archive small, and that matters: the JVM relocates the whole archive at start-up, so its
 * size shows up in every run's resident memory.
 */
public final class CdsTraining {
  /** A one-spec environment like the README's main job (default images, so --monitor works too). */
  private static final String ENVIRONMENT = String.join("\n",
      "spack:",
      "  specs:",
      "  - zlib",
      "  container:",
      "    format: docker",
      "    labels:",
      "      app: zlib",
      "");

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    Main.tuneForStartup();
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    CliContext context = new CliContext(sink, sink, Map.of(), repo);
    Path env = Files.createTempDirectory("spacktainers-cds-");
    try {
      Files.writeString(env.resolve("spack.yaml"), ENVIRONMENT);
      String family = args.length > 1 ? args[1] : "common";
      List<String[]> runs = new ArrayList<>();
      runs.add(new String[] {"--help"});
      runs.add(new String[] {"--version"});
      if (family.equals("containerize")) {
        runs.add(new String[] {"containerize", "--list-os"});
        runs.add(new String[] {"containerize", env.toString()});
        runs.add(new String[] {"containerize", "--monitor", env.toString()});
        runs.add(new String[] {"containerize", "--format", "singularity", env.toString()});
        runs.add(new String[] {"containerize", "--bogus-option"});
      }
      if (family.equals("definitions") && Files.isDirectory(repo.resolve("container_definitions"))) {
        runs.add(new String[] {"definitions", "validate"});
        runs.add(new String[] {"definitions", "list", "--json"});
      }
      if (family.equals("common")) {
        // a probe of a closed loopback port loads the registry client and HTTP stack, then fails at once
        runs.add(new String[] {"image", "inspect", "127.0.0.1:9/cds/training:1", "--insecure-registry", "127.0.0.1:9"});
      }
      for (String[] run : runs) {
        Main.run(context, run); // failures are fine: only the classes loaded matter
      }
    } finally {
      Files.deleteIfExists(env.resolve("spack.yaml"));
      Files.deleteIfExists(env);
    }
  }
}
