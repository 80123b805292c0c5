package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One GitLab CI configuration file.
 *
 * @param stages the {@code stages} list; empty when the file has none (GitLab's defaults apply)
 * @param jobs every job, in file order (hidden {@code .template} jobs included, as {@link Job}s)
 * @param other top-level keys that are neither jobs nor modelled ({@code default}, {@code include}, ...)
 */
public record Pipeline(Optional<Workflow> workflow, List<String> stages, Variables variables, List<PipelineJob> jobs,
    Map<String, JsonNode> other) {
  /** Stages GitLab uses when a file has no {@code stages} key. */
  public static final List<String> DEFAULT_STAGES = List.of(".pre", "build", "test", "deploy", ".post");

  public Pipeline {
    stages = List.copyOf(stages);
    jobs = List.copyOf(jobs);
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /** The stages a job may name: the declared ones (GitLab adds {@code .pre}/{@code .post}) or the defaults. */
  public List<String> effectiveStages() {
    if (stages.isEmpty()) {
      return DEFAULT_STAGES;
    }
    List<String> all = new java.util.ArrayList<>();
    all.add(".pre");
    stages.stream().filter(s -> !s.equals(".pre") && !s.equals(".post")).forEach(all::add);
    all.add(".post");
    return all;
  }

  public Optional<PipelineJob> job(String name) {
    return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
  }
}
