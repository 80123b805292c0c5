package spacktainers.cli;

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
 * discarded, so the archive written at exit holds the classes of all of them (one archive per JVM
 * run). Not a user command.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    CliContext context = new CliContext(sink, sink, Map.of(), repo);
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"--help"});
    runs.add(new String[] {"containerize", "--list-os"});
    if (Files.isDirectory(repo.resolve("container_definitions"))) {
      runs.add(new String[] {"definitions", "validate"});
      runs.add(new String[] {"definitions", "list", "--json"});
    }
    for (String[] run : runs) {
      Main.run(context, run); // failures are fine: only the classes loaded matter
    }
  }
}
