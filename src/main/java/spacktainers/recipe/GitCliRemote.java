package spacktainers.recipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("spacktainers-ls-remote", ".out");
      err = Files.createTempFile("spacktainers-ls-remote", ".err");
      // Output goes to files, so a stalled remote cannot block a pipe read and the timeout holds.
      ProcessBuilder pb = new ProcessBuilder("git", "ls-remote", "--", url, ref, ref + "^{}")
          .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
              new java.io.File("/dev/null")));
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new OperationFailedException(url, "cannot run git to look up '" + ref + "'", "install git", e);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new OperationFailedException(url, "git ls-remote did not finish within 60 s");
      }
      if (p.exitValue() != 0) {
        String msg = Files.readString(err, StandardCharsets.UTF_8).strip();
        int nl = msg.indexOf('\n');
        throw new OperationFailedException(url, "git ls-remote failed: " + (nl < 0 ? msg : msg.substring(0, nl)));
      }
      return commitOf(Files.readString(out, StandardCharsets.UTF_8), ref);
    } catch (IOException e) {
      throw new OperationFailedException(url, "git ls-remote failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(url, "interrupted", e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** An annotated tag points at a tag object; its peeled ({@code ^{}}) line names the commit. */
  static Optional<String> commitOf(String lsRemote, String ref) {
    String peeled = null;
    String direct = null;
    for (String line : lsRemote.split("\n")) {
      String[] parts = line.split("\t");
      if (parts.length != 2) {
        continue;
      }
      String name = parts[1];
      if (name.endsWith("^{}")) {
        peeled = parts[0];
      } else if (direct == null && (name.equals(ref) || name.equals("refs/heads/" + ref)
          || name.equals("refs/tags/" + ref))) {
        direct = parts[0];
      }
    }
    return Optional.ofNullable(peeled != null ? peeled : direct);
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover empty temp file is harmless
      }
    }
  }
}
