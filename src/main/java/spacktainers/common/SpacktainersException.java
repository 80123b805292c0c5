package spacktainers.common;

import java.util.List;

/**
 * The one error family of the tool. Each subclass knows its exit code and the lines the user sees;
 * the CLI prints those and nothing else unless {@code --stacktrace} is given.
 */
public abstract sealed class SpacktainersException extends RuntimeException
    permits InvalidInputException, OperationFailedException {

  protected SpacktainersException(String message, Throwable cause) {
    super(message, cause);
  }

  /** 2 for bad input or usage, 1 for work that failed. */
  public abstract int exitCode();

  /** The problems to print, one {@code error:} line each (a hint line may follow). */
  public abstract List<Problem> problems();
}
