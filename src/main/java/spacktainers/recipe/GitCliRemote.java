package spacktainers.recipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import spacktainers.common.OperationFailedException;

/**
 * Resolves refs with {@code git ls-remote}: one round trip, no clone (Spack clones the whole
 * repository to do the same).
 */
public final class GitCliRemote implements GitRemote {
  @Override
  public Optional<String> resolve(String url, String ref) {
    ProcessBuilder pb = new ProcessBuilder("git", "ls-remote", "--", url, ref, ref + "^{}");
    pb.redirectErrorStream(false);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new OperationFailedException(url, "cannot run git to look up '" + ref + "'", "install git", e);
    }
    try {
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new OperationFailedException(url, "git ls-remote did not finish within 60 s");
      }
      if (p.exitValue() != 0) {
        String msg = new String(err, StandardCharsets.UTF_8).strip();
        int nl = msg.indexOf('\n');
        throw new OperationFailedException(url, "git ls-remote failed: " + (nl < 0 ? msg : msg.substring(0, nl)));
      }
      String peeled = null;
      String direct = null;
      for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.split("\t");
        if (parts.length != 2) {
          continue;
        }
        String name = parts[1];
        if (name.endsWith("^{}")) {
          peeled = parts[0];
        } else if (direct == null && (name.equals(ref) || name.equals("refs/heads/" + ref)
            || name.equals("refs/tags/" + ref) || name.endsWith("/" + ref))) {
          direct = parts[0];
        }
      }
      // An annotated tag points at a tag object; the peeled line names the commit.
      return Optional.ofNullable(peeled != null ? peeled : direct);
    } catch (IOException e) {
      throw new OperationFailedException(url, "git ls-remote failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(url, "interrupted", e);
    }
  }
}
