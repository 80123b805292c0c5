package spacktainers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's buildah (1.28) for tests, daemonless: {@code vfs} storage and {@code chroot} isolation,
 * with its storage in a private temporary root so tests neither see nor pollute
 * {@code /var/lib/containers}. Registries are reached over plain HTTP ({@code --tls-verify=false}),
 * which is what the {@link LocalRegistry} speaks.
 *
 * <p>Close it to remove the storage (vfs keeps a full copy of the root file system per layer).
 */
public final class Buildah implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Path binary;
  private final Path root;

  private Buildah(Path binary, Path root) {
    this.binary = binary;
    this.root = root;
  }

  /** A buildah with fresh private storage; skips (or fails under CI) when buildah is not installed. */
  public static Buildah create() {
    Path binary = RealComponents.requireExecutable("buildah");
    try {
      return new Buildah(binary, Files.createTempDirectory("spacktainers-buildah-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code buildah bud}: builds {@code dockerfile} with {@code context} as build context and tags the
   * result. {@code secrets} are passed as {@code --secret} values verbatim (e.g. {@code
   * id=st,env=SPACKMON_TOKEN}); {@code env} is added to buildah's own environment (for {@code env=}
   * secrets). Returns the outcome; does not throw when the build fails.
   */
  public Result build(Path dockerfile, Path context, String tag, List<String> secrets, Map<String, String> env) {
    List<String> args = new ArrayList<>(List.of("bud", "--isolation", "chroot", "--tls-verify=false", "-f", dockerfile.toString(), "-t", tag));
    for (String s : secrets) {
      args.add("--secret");
      args.add(s);
    }
    args.add(context.toString());
    return run(args, env);
  }

  /** {@code buildah push} of a local image to its registry over plain HTTP. */
  public Result push(String image, String credentials) {
    List<String> args = new ArrayList<>(List.of("push", "--tls-verify=false"));
    if (credentials != null) {
      args.add("--creds");
      args.add(credentials);
    }
    args.add(image);
    return run(args, Map.of());
  }

  public Result run(List<String> args, Map<String, String> env) {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--root", root.resolve("root").toString(),
        "--runroot", root.resolve("runroot").toString(),
        "--storage-driver", "vfs"));
    cmd.addAll(args);
    Exec.Result r = Exec.run(cmd, env, TIMEOUT);
    return new Result(r.exitCode(), r.output(), String.join(" ", args));
  }

  /** Removes all containers and images, then the private storage folder. */
  @Override
  public void close() {
    run(List.of("rm", "--all"), Map.of());
    run(List.of("rmi", "--all", "--force"), Map.of());
    // chroot isolation may leave read-only bind targets behind; vfs files are plain files otherwise.
    LocalRegistry.deleteRecursively(root);
  }

  /** Exit status and combined output of one buildah call. */
  public record Result(int exitCode, String output, String command) {
    public boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "buildah " + command + " -> exit " + exitCode + "\n" + output;
    }
  }
}
