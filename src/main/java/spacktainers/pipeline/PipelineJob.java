package spacktainers.pipeline;

import java.util.List;
import java.util.Optional;

/** A job of a pipeline: a {@link Job} that runs a script, or a {@link TriggerJob} that starts a child pipeline. */
public sealed interface PipelineJob permits Job, TriggerJob {
  String name();

  Optional<String> stage();

  /** The {@code needs} list; empty when the job has none (it then waits for all earlier stages). */
  Optional<List<Need>> needs();

  Variables variables();

  List<Rule> rules();

  Optional<String> when();

  /** Jobs named in {@code needs} that live in the same pipeline. */
  default List<Need> localNeeds() {
    return needs().orElse(List.of()).stream().filter(Need::isLocal).toList();
  }
}
