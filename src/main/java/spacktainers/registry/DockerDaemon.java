package spacktainers.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import spacktainers.common.OperationFailedException;

/**
 * Loads a tarball into the local Docker daemon with {@code docker load}, the CLI's own way in (the
 * daemon's API socket and its permissions stay the CLI's business).
 */
final class DockerDaemon {
  private static final long TIMEOUT_MINUTES = 30;

  private DockerDaemon() {}

  /** The {@code docker} executable on the PATH of {@code env}, if any. */
  static Optional<Path> findDocker(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "docker");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static void load(Path docker, Path tarball, String name, Map<String, String> env) {
    String where = "docker://" + name;
    ProcessBuilder pb = new ProcessBuilder(List.of(docker.toString(), "load", "--input", tarball.toString()))
        .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new OperationFailedException(where, "docker load did not finish within " + TIMEOUT_MINUTES + " minutes");
      }
      if (p.exitValue() != 0) {
        String first = output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + p.exitValue());
        throw new OperationFailedException(where, "docker load failed: " + first,
            "is the Docker daemon running and may this user use it? Without a daemon, write tar://FILE.tar:" + name
                + " and load it elsewhere, or push with registry://", null);
      }
    } catch (IOException e) {
      throw new OperationFailedException(where, "cannot run " + docker + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(where, "interrupted while docker load ran", e);
    }
  }
}
