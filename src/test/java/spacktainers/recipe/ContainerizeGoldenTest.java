package spacktainers.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;
import spacktainers.testing.Repo;

/**
 * Golden files for {@code containerize}: each folder under {@code fixtures/containerize/} holds the
 * input ({@code spack.yaml}, any other files, {@code args} with one argument per line) and the
 * expected {@code expected.out}, {@code expected.err} and {@code expected.exit}. The command runs in
 * a copy of the folder. {@code -Dgolden.update=true} rewrites the expected files.
 */
class ContainerizeGoldenTest {
  static final Path FIXTURES = Repo.fixtures("containerize");

  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> goldenCases() throws IOException {
    List<Path> cases = cases();
    assertTrue(cases.size() >= 25, "expected at least 25 golden cases, found " + cases.size());
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  static List<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(FIXTURES)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  private void check(Path dir) throws IOException {
    Cli.Result first = run(dir, tmp.resolve(dir.getFileName() + "-1"));
    if (Repo.updateGolden()) {
      Files.writeString(dir.resolve("expected.out"), first.out(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("expected.err"), first.err(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("expected.exit"), first.exitCode() + "\n", StandardCharsets.UTF_8);
      return;
    }
    int exit = Integer.parseInt(Files.readString(dir.resolve("expected.exit")).trim());
    assertEquals(exit, first.exitCode(), () -> dir.getFileName() + ": exit code\n" + first);
    compare(dir, "expected.out", first.out());
    compare(dir, "expected.err", first.err());
    if (exit == 0) {
      Cli.Result second = run(dir, tmp.resolve(dir.getFileName() + "-2"));
      assertEquals(first.out(), second.out(), "generating twice must give identical bytes");
    } else {
      assertTrue(first.out().isEmpty(), "nothing on stdout on error:\n" + first);
      assertFalse(first.err().contains("\tat "), "no stack trace:\n" + first);
      assertTrue(first.err().startsWith("error: "), "errors start with 'error: ':\n" + first);
    }
  }

  private static Cli.Result run(Path fixture, Path work) throws IOException {
    copy(fixture, work);
    List<String> args = new ArrayList<>(List.of("containerize"));
    Path argsFile = fixture.resolve("args");
    if (Files.exists(argsFile)) {
      for (String line : Files.readAllLines(argsFile, StandardCharsets.UTF_8)) {
        if (!line.isEmpty()) {
          args.add(line);
        }
      }
    }
    return Cli.in(work).run(args.toArray(String[]::new));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("expected.") || name.equals("args")) {
          continue;
        }
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void compare(Path dir, String file, String actual) throws IOException {
    Path expectedFile = dir.resolve(file);
    String expected = Files.exists(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8) : "";
    if (!expected.equals(actual)) {
      fail(dir.getFileName() + "/" + file + " differs (run with -Dgolden.update=true to accept):\n"
          + Diff.lines(expected, actual));
    }
  }
}
