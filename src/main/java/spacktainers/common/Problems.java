package spacktainers.common;

import java.util.ArrayList;
import java.util.List;

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
