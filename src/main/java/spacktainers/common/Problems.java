package spacktainers.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects problems so a validator can report all of them at once instead of stopping at the first. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();

  public Problems add(Problem problem) {
    list.add(problem);
    return this;
  }

  public Problems add(String where, String message) {
    return add(Problem.at(where, message));
  }

  public Problems add(String where, String message, String hint) {
    return add(new Problem(where, message, hint));
  }

  public Problems addAll(List<Problem> problems) {
    list.addAll(problems);
    return this;
  }

  /** Runs a parser and records its problems instead of stopping at the first; null when it had any. */
  public <T> T collect(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (InvalidInputException e) {
      list.addAll(e.problems());
      return null;
    }
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }

  /** Throws an {@link InvalidInputException} carrying every collected problem, if there is any. */
  public void throwIfAny() {
    if (!list.isEmpty()) {
      throw new InvalidInputException(list);
    }
  }
}
