package spacktainers.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may touch of the outside world, handed in by {@link Main} so tests can run every
 * command in-process with their own streams, environment and working directory.
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, Path workingDir) {
  public CliContext {
    env = Map.copyOf(env);
    workingDir = workingDir.toAbsolutePath().normalize();
  }

  public static CliContext system() {
    return new CliContext(
        new PrintWriter(System.out, false, java.nio.charset.StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8),
        System.getenv(), Path.of(""));
  }

  public Optional<String> env(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** Resolves a user-given path against the working directory. */
  public Path resolve(Path p) {
    return workingDir.resolve(p).normalize();
  }

  /** {@code CI=true} as set by GitLab and most CI systems. */
  public boolean inCi() {
    return env("CI").map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
  }
}
