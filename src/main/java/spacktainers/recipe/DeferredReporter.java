package spacktainers.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import spacktainers.common.Reporter;

/** Holds warnings and notes back until the work has succeeded, then replays them in order. */
final class DeferredReporter implements Reporter {
  private final List<Consumer<Reporter>> events = new ArrayList<>();

  @Override
  public void warning(String where, String message) {
    events.add(r -> r.warning(where, message));
  }

  @Override
  public void note(String message) {
    events.add(r -> r.note(message));
  }

  @Override
  public void info(String message) {
    events.add(r -> r.info(message));
  }

  @Override
  public void progress(String message) {
    events.add(r -> r.progress(message));
  }

  void replayTo(Reporter target) {
    events.forEach(e -> e.accept(target));
  }
}
