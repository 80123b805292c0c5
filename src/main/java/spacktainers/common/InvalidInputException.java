package spacktainers.common;

import java.util.List;

/** Bad input: a file, key or value the user has to fix. Exit code 2. */
public final class InvalidInputException extends SpacktainersException {
  private final List<Problem> problems;

  public InvalidInputException(List<Problem> problems) {
    super(summary(problems), null);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(Problem problem) {
    this(List.of(problem));
  }

  public static InvalidInputException of(String where, String message) {
    return new InvalidInputException(Problem.at(where, message));
  }

  public static InvalidInputException of(String where, String message, String hint) {
    return new InvalidInputException(new Problem(where, message, hint));
  }

  @Override
  public int exitCode() {
    return 2;
  }

  @Override
  public List<Problem> problems() {
    return problems;
  }

  private static String summary(List<Problem> problems) {
    return problems.isEmpty() ? "invalid input" : problems.get(0).line()
        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
  }
}
