package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;

class MainTest {
  @TempDir Path dir;

  @Test
  void versionAndHelp() {
    Cli.Result v = Cli.in(dir).run("--version");
    assertEquals(0, v.exitCode(), v.toString());
    assertTrue(v.out().startsWith("spacktainers "), v.toString());
    Cli.Result h = Cli.in(dir).run("--help");
    assertEquals(0, h.exitCode(), h.toString());
    assertTrue(h.out().contains("Exit codes"), h.toString());
  }

  @Test
  void unknownOptionIsUsageErrorWithoutStackTrace() {
    Cli.Result r = Cli.in(dir).run("--bogus");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: Unknown option: '--bogus'"), r.toString());
    assertTrue(r.out().isEmpty(), r.toString());
    assertTrue(!r.err().contains("\tat "), r.toString());
  }

  @Test
  void completionScriptIsGenerated() {
    Cli.Result r = Cli.in(dir).run("generate-completion");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("complete -F"), r.toString());
  }
}
