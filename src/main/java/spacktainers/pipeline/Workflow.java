package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code workflow} section: its rules, and other keys ({@code name}, {@code auto_cancel}) as written. */
public record Workflow(List<Rule> rules, Map<String, JsonNode> other) {
  /** What Spack writes: run the (child) pipeline whatever started it. */
  public static final Workflow ALWAYS = new Workflow(List.of(Rule.ALWAYS), Map.of());

  public Workflow {
    rules = List.copyOf(rules);
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }
}
