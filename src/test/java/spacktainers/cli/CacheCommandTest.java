package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;

/** Option checks of {@code cache prune} that need no bucket. */
class CacheCommandTest {
  @TempDir Path dir;

  @Test
  void everyBadOptionIsReportedAtOnceWithExitTwo() {
    Cli.Result r = Cli.in(dir).run("cache", "prune", "--bucket", "Bad_Bucket", "--lock", "x.lock",
        "--orphan-grace", "soon", "--endpoint", "ftp://host", "--max-age", "-1", "--parallel", "99");
    assertEquals(2, r.exitCode(), r.toString());
    String[] lines = r.err().split("\n");
    assertEquals("error: --bucket: 'Bad_Bucket' is not a valid bucket name (3-63 characters a-z, 0-9, '.', '-')", lines[0]);
    assertTrue(r.err().contains("error: --max-age: must be 0 or more days"), r.err());
    assertTrue(r.err().contains("error: --parallel: must be between 1 and 16"), r.err());
    assertTrue(r.err().contains("error: --orphan-grace: 'soon' is not a duration such as 1d, 12h or 30m"), r.err());
    assertTrue(r.err().contains("error: --endpoint: 'ftp://host' is not an http(s) URL"), r.err());
    assertTrue(r.out().isEmpty());
  }

  @Test
  void durationsAndHelp() {
    assertEquals(java.time.Duration.ofHours(12), CacheCommand.Prune.parseDuration("12h"));
    assertEquals(java.time.Duration.ofDays(2), CacheCommand.Prune.parseDuration("2"));
    assertEquals(java.time.Duration.ofMinutes(30), CacheCommand.Prune.parseDuration("30m"));
    Cli.Result help = Cli.in(dir).run("cache", "prune", "--help");
    assertEquals(0, help.exitCode(), help.toString());
    for (String option : new String[] {"--bucket", "--prefix", "--endpoint", "--region", "--[no-]path-style", "--lock",
        "--lock-dir", "--max-age", "--orphan-grace", "--apply", "--plan-out", "--apply-plan", "--json"}) {
      assertTrue(help.out().contains(option), option + "\n" + help.out());
    }
  }

  @Test
  void aBadMaxAttemptsValueIsAnInputError() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("spack.lock"),
        "{\"_meta\": {\"lockfile-version\": 6}, \"concrete_specs\": {\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": {}}}");
    Cli.Result r = Cli.in(dir).env("AWS_MAX_ATTEMPTS", "many").env("AWS_ACCESS_KEY_ID", "a")
        .env("AWS_SECRET_ACCESS_KEY", "b")
        .run("cache", "prune", "--bucket", "bucket", "--lock", "spack.lock", "--endpoint", "http://127.0.0.1:9");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: AWS_MAX_ATTEMPTS: 'many' is not a number of attempts"), r.err());

    java.nio.file.Files.writeString(dir.resolve("empty.lock"),
        "{\"_meta\": {\"lockfile-version\": 6}, \"concrete_specs\": {}}");
    Cli.Result empty = Cli.in(dir).run("cache", "prune", "--bucket", "bucket", "--lock", "empty.lock");
    assertEquals(2, empty.exitCode(), empty.toString());
    assertTrue(empty.err().contains("empty.lock: the lockfiles name no specs, so nothing would be kept"), empty.err());
  }
}
