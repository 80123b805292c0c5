package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code rules} (job or workflow): the condition and outcome the splitter reasons about,
 * and every other key ({@code changes}, {@code exists}, {@code variables}, ...) as written.
 */
public record Rule(Optional<String> condition, Optional<String> when, Map<String, JsonNode> other) {
  public static final Rule ALWAYS = new Rule(Optional.empty(), Optional.of("always"), Map.of());

  public Rule {
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }
}
