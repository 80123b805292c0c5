package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;

/** The image command's surface: subcommands, usage errors and option checks that need no registry. */
class ImageCommandTest {
  @TempDir Path tmp;

  @Test
  void listsItsSubcommands() {
    Cli.Result r = Cli.in(tmp).run("image");
    assertEquals(0, r.exitCode());
    for (String sub : new String[] {"inspect", "assemble", "manifest", "export"}) {
      assertTrue(r.out().contains(sub), r.out());
    }
    assertEquals(0, Cli.in(tmp).run("image", "assemble", "--help").exitCode());
  }

  @Test
  void usageErrorsExitTwo() {
    Cli.Result r = Cli.in(tmp).run("image", "assemble", "--from", "scratch");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--to"), r.err());
    assertEquals(2, Cli.in(tmp).run("image", "inspect").exitCode());
    assertEquals(2, Cli.in(tmp).run("image", "manifest", "only-target").exitCode());
  }

  @Test
  void allBadOptionsAreReportedTogetherBeforeAnyWork() {
    Cli.Result r = Cli.in(tmp).run("image", "assemble", "--from", "Bad Ref", "--platform", "linux//x",
        "--owner", "root", "--timestamp", "yesterday", "--entrypoint", "[1]", "--workdir", "rel",
        "--compression-level", "12", "--jobs", "0", "--auth-env", "nohost", "--label", "=v",
        "--to", "tar://" + tmp.resolve("o.tar"));
    assertEquals(2, r.exitCode(), r.toString());
    long errors = r.err().lines().filter(l -> l.startsWith("error: ")).count();
    assertEquals(10, errors, r.err());
    assertTrue(r.err().contains("error: --from: 'Bad Ref' is not an image reference"), r.err());
    assertTrue(r.err().contains("error: --timestamp: 'yesterday' is not a time"), r.err());
  }

  @Test
  void scratchImageToATarballNeedsNoRegistry() {
    Cli.Result r = Cli.in(tmp).run("image", "assemble", "--from", "scratch", "--platform", "arm64",
        "--layer", Path.of("README.md").toAbsolutePath() + ":/README.md", "--to", "tar://" + tmp.resolve("s.tar") + ":s:1");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().startsWith("sha256:"), r.out());
    assertTrue(tmp.resolve("s.tar").toFile().isFile());
  }
}
