package spacktainers.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Gatekeeper for tests that need a real system component (docker-registry, buildah, skopeo, node
 * tools). The project's own {@code .ci/install-test-tools} installs them. Where one is missing, the
 * test is skipped with a loud reason on a developer machine, and fails under {@code CI=true}: a
 * real-component test that did not run is not done.
 */
public final class RealComponents {
  private RealComponents() {}

  public static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"));
  }

  /** The absolute path of an executable on PATH, or skip/fail as described above. */
  public static Path requireExecutable(String name) {
    Optional<Path> found = which(name);
    if (found.isEmpty()) {
      unavailable(name + " is not installed (run .ci/install-test-tools as root to install it)");
    }
    return found.orElseThrow();
  }

  /** A node tool installed by .ci/install-test-tools under .ci/node/node_modules/.bin. */
  public static Path requireNodeTool(String name) {
    Path p = Repo.path(".ci/node/node_modules/.bin").resolve(name);
    if (!Files.isExecutable(p)) {
      unavailable(name + " is not installed under .ci/node (run .ci/install-test-tools)");
    }
    return p;
  }

  public static void unavailable(String reason) {
    String message = "REAL COMPONENT MISSING: " + reason;
    System.err.println("\n*** " + message + " ***\n");
    if (inCi()) {
      fail(message + " -- under CI=true this test must run");
    }
    Assumptions.abort(message);
  }

  public static Optional<Path> which(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
