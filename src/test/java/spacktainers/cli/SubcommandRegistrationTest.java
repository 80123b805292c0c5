package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import spacktainers.testing.Cli;

/** Subcommands are built lazily, and nothing users see depends on it. */
class SubcommandRegistrationTest {
  @TempDir Path dir;

  private static Set<String> registered(String... args) {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    CommandLine root = new CommandLine(new Main(new CliContext(sink, sink, Map.of(), Path.of("."))));
    Main.registerSubcommands(root, args);
    return new TreeSet<>(root.getSubcommands().keySet());
  }

  private static Set<String> all() {
    Set<String> names = new TreeSet<>();
    for (Class<?> c : Main.SUBCOMMANDS) {
      names.add(c.getAnnotation(Command.class).name());
    }
    return names;
  }

  @Test
  void onlyTheNamedCommandIsBuilt() {
    assertEquals(Set.of("containerize"), registered("containerize", "--monitor", "env"));
    assertEquals(Set.of("containerize"), registered("-v", "--root", "definitions", "containerize"));
    assertEquals(Set.of("containerize"), registered("--config=definitions", "containerize", "--help"));
    assertEquals(Set.of("definitions"), registered("definitions", "list", "--json"));
  }

  @Test
  void everyCommandIsBuiltWhenNoneOrAnUnknownOneIsNamed() {
    assertTrue(all().size() >= 3, all().toString());
    assertEquals(all(), registered());
    assertEquals(all(), registered("--help"));
    assertEquals(all(), registered("--root", "containerize"));
    assertEquals(all(), registered("containerise"));
    assertEquals(all(), registered("--", "containerize"));
    assertEquals(all(), registered(AutoComplete.GenerateCompletion.class.getAnnotation(Command.class).name()));
  }

  @Test
  void rootHelpListsEveryCommandAndCompletionCoversThem() {
    Cli.Result help = Cli.in(dir).run("--help");
    assertEquals(0, help.exitCode(), help.toString());
    Cli.Result completion = Cli.in(dir).run("generate-completion");
    assertEquals(0, completion.exitCode(), completion.toString());
    for (String name : all()) {
      assertTrue(help.out().contains("  " + name), name + " missing from\n" + help.out());
      assertTrue(completion.out().contains(name), name + " missing from the completion script");
    }
  }

  @Test
  void aMisspelledCommandStillGetsASuggestion() {
    Cli.Result r = Cli.in(dir).run("containerise");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("containerize"), r.toString());
  }

  @Test
  void subcommandsStillGetGlobalOptionsAndTheErrorHandling() {
    Cli.Result ok = Cli.in(dir).run("containerize", "--stacktrace", "-v", "--list-os");
    assertEquals(0, ok.exitCode(), ok.toString());
    assertTrue(ok.out().lines().count() > 5, ok.toString());

    Cli.Result bad = Cli.in(dir).run("containerize", "--bogus");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().startsWith("error: Unknown option: '--bogus'"), bad.toString());
    assertTrue(bad.err().contains("hint: see 'spacktainers containerize --help'"), bad.toString());
  }
}
