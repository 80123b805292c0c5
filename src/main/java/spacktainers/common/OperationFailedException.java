package spacktainers.common;

import java.util.List;

/** The work itself failed (remote error, I/O, build problem). Exit code 1. */
public final class OperationFailedException extends SpacktainersException {
  private final Problem problem;

  public OperationFailedException(String where, String message, String hint, Throwable cause) {
    super(where.isEmpty() ? message : where + ": " + message, cause);
    this.problem = new Problem(where, message, hint);
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
    return List.of(problem);
  }
}
