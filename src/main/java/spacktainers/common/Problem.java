package spacktainers.common;

import java.util.Objects;

/**
 * One thing wrong with the user's input, located as precisely as we know it.
 *
 * @param where file, {@code file:line:col}, key path, or a combination such as {@code spack.yaml:4:3: container.format}
 * @param message what is wrong, phrased for the user
 * @param hint how to fix it, or empty
 */
public record Problem(String where, String message, String hint) {
  public Problem {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
  }

  public static Problem at(String where, String message) {
    return new Problem(where, message, "");
  }

  public Problem withHint(String newHint) {
    return new Problem(where, message, newHint);
  }

  /** The single line the CLI prints after {@code error: }. */
  public String line() {
    return where.isEmpty() ? message : where + ": " + message;
  }
}
