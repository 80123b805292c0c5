package spacktainers.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import spacktainers.testing.RealComponents;

/**
 * Every shell step of every golden recipe parses with {@code sh -n}: Docker RUN instructions after
 * Docker's line joining (mount flags removed), Singularity %post and %environment sections as they are.
 */
class GeneratedShellSyntaxTest {
  @Test
  void everyStepIsValidShell() throws Exception {
    Path sh = RealComponents.requireExecutable("sh");
    int checked = 0;
    for (Path dir : ContainerizeGoldenTest.cases()) {
      Path out = dir.resolve("expected.out");
      if (!Files.exists(out) || Files.size(out) == 0) {
        continue;
      }
      String text = Files.readString(out);
      List<String> scripts = text.contains("Bootstrap: docker") ? singularitySections(text) : dockerRuns(text);
      for (String script : scripts) {
        Process p = new ProcessBuilder(sh.toString(), "-n", "-c", script).redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), dir.getFileName() + ": " + msg + "\n" + script);
        checked++;
      }
    }
    assertTrue(checked > 100, "checked only " + checked + " steps");
  }

  private static List<String> dockerRuns(String dockerfile) {
    List<String> runs = new ArrayList<>();
    String joined = ManifestEmbeddingTest.dockerJoin(dockerfile);
    for (String line : joined.split("\n")) {
      if (line.startsWith("RUN ")) {
        String body = line.substring(4).stripLeading();
        while (body.startsWith("--mount=")) {
          body = body.substring(body.indexOf(' ') + 1).stripLeading();
        }
        runs.add(body);
      }
    }
    return runs;
  }

  private static List<String> singularitySections(String def) {
    List<String> sections = new ArrayList<>();
    StringBuilder current = null;
    for (String line : def.split("\n", -1)) {
      if (line.startsWith("%") || line.startsWith("Bootstrap:")) {
        if (current != null) {
          sections.add(current.toString());
        }
        current = line.startsWith("%post") || line.startsWith("%environment") || line.startsWith("%runscript")
            || line.startsWith("%test") || line.startsWith("%startscript") ? new StringBuilder() : null;
        continue;
      }
      if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (current != null) {
      sections.add(current.toString());
    }
    return sections;
  }
}
