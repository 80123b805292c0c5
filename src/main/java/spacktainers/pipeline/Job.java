package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job that runs on a runner. The keys the splitter reasons about are fields; every other key
 * ({@code script}, {@code image}, {@code artifacts}, {@code retry}, Spack's own and future ones) is kept
 * in {@code other}, verbatim and in input order. The JSON values are never modified once in the model.
 *
 * @param needs absent when the job has no {@code needs} key; {@code needs: []} is an empty list
 * @param dependencies absent when the job has no {@code dependencies} key
 */
public record Job(String name, Optional<String> stage, List<String> tags, Optional<List<Need>> needs,
    Optional<List<String>> dependencies, Variables variables, List<Rule> rules, Optional<String> when,
    Map<String, JsonNode> other) implements PipelineJob {
  public Job {
    tags = List.copyOf(tags);
    needs = needs.map(List::copyOf);
    dependencies = dependencies.map(List::copyOf);
    rules = List.copyOf(rules);
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  public Optional<JsonNode> get(String key) {
    return Optional.ofNullable(other.get(key));
  }

  public Job withName(String newName) {
    return new Job(newName, stage, tags, needs, dependencies, variables, rules, when, other);
  }

  public Job withStage(String newStage) {
    return new Job(name, Optional.of(newStage), tags, needs, dependencies, variables, rules, when, other);
  }

  public Job withTags(List<String> newTags) {
    return new Job(name, stage, newTags, needs, dependencies, variables, rules, when, other);
  }

  public Job withNeeds(Optional<List<Need>> newNeeds) {
    return new Job(name, stage, tags, newNeeds, dependencies, variables, rules, when, other);
  }

  public Job withDependencies(Optional<List<String>> newDependencies) {
    return new Job(name, stage, tags, needs, newDependencies, variables, rules, when, other);
  }

  public Job withVariables(Variables newVariables) {
    return new Job(name, stage, tags, needs, dependencies, newVariables, rules, when, other);
  }

  /** This job with {@code key} set to {@code value} (kept in place if present, else appended). */
  public Job with(String key, JsonNode value) {
    Map<String, JsonNode> m = new LinkedHashMap<>(other);
    m.put(key, value);
    return new Job(name, stage, tags, needs, dependencies, variables, rules, when, m);
  }
}
