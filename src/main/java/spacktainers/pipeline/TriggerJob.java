package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job that starts a downstream pipeline ({@code trigger}). GitLab allows only a few keys here;
 * those the model does not interpret ({@code allow_failure}, {@code resource_group}, ...) are in {@code other}.
 */
public record TriggerJob(String name, Optional<String> stage, Optional<List<Need>> needs, Variables variables,
    List<Rule> rules, Optional<String> when, Trigger trigger, Map<String, JsonNode> other) implements PipelineJob {
  public TriggerJob {
    needs = needs.map(List::copyOf);
    rules = List.copyOf(rules);
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /**
   * The {@code trigger} section.
   *
   * @param include the child pipeline's configuration files (GitLab allows at most 3)
   * @param strategy {@code depend} to wait for the child and take its status
   * @param other further keys ({@code forward}, {@code project}, {@code branch}) as written
   */
  public record Trigger(List<Include> include, Optional<String> strategy, Map<String, JsonNode> other) {
    public Trigger {
      include = List.copyOf(include);
      other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }
  }

  /**
   * One {@code trigger:include} entry. The model writes artifact includes; other kinds ({@code local},
   * {@code project}, ...) read by {@code pipeline check} keep their keys in {@code other}.
   */
  public record Include(Optional<String> artifact, Optional<String> job, Map<String, JsonNode> other) {
    public Include {
      other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    public static Include artifact(String path, String job) {
      return new Include(Optional.of(path), Optional.of(job), Map.of());
    }
  }
}
