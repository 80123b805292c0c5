package spacktainers.common;

import java.util.List;

/** The work itself failed (remote error, I/O, build problem). Exit code 1. */
public final class OperationFailedException extends SpacktainersException {
  private final List<Problem> problems;

  public OperationFailedException(String where, String message, String hint, Throwable cause) {
    super(where.isEmpty() ? message : where + ": " + message, cause);
    this.problems = List.of(new Problem(where, message, hint));
  }

  /** Several independent failures found at once (e.g. every missing job), printed one line each. */
  public OperationFailedException(List<Problem> problems) {
    super(problems.isEmpty() ? "operation failed" : problems.get(0).line()
        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), null);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an OperationFailedException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public OperationFailedException(String where, String message, Throwable cause) {
    this(where, message, "", cause);
  }

  public OperationFailedException(String where, String message) {
    this(where, message, "", null);
  }

  @Override
  public int exitCode() {
    return 1;
  }

  @Override
  public List<Problem> problems() {
    return problems;
  }
}
