package spacktainers.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool for a test, without a shell. Output goes to a temporary file rather than a
 * pipe, so the time limit holds even when the tool hangs with its output open.
 */
final class Exec {
  private Exec() {}

  /** Exit status and output of one run. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code command} with {@code env} added to this JVM's environment; stdout and stderr merged. */
  static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    return run(command, env, timeout, true);
  }

  /** As {@link #run}, but captures stdout only; stderr goes to the test's own stderr. */
  static Result stdout(List<String> command, Duration timeout) {
    return run(command, Map.of(), timeout, false);
  }

  private static Result run(List<String> command, Map<String, String> env, Duration timeout, boolean merge) {
    Path out = null;
    try {
      out = Files.createTempFile("spacktainers-exec-", ".out");
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile());
      if (merge) {
        pb.redirectErrorStream(true);
      } else {
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      }
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(command.get(0) + " did not finish within " + timeout.toSeconds()
            + " s:\n" + read(out));
      }
      return new Result(p.exitValue(), read(out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  /** Lenient decoding: a tool's stray non-UTF-8 byte must not hide its message. */
  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
