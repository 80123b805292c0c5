package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CI variables in their written order. A value is a scalar or GitLab's long form
 * ({@code {value, description, expand, options}}), kept as written.
 */
public record Variables(Map<String, JsonNode> values) {
  public static final Variables NONE = new Variables(Map.of());

  public Variables {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Variables ofStrings(Map<String, String> strings) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    strings.forEach((k, v) -> m.put(k, TextNode.valueOf(v)));
    return new Variables(m);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Optional<JsonNode> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The value as text, for scalar values and the long form's {@code value}. */
  public Optional<String> text(String name) {
    return get(name).map(v -> v.isObject() ? v.path("value").asText() : v.asText());
  }

  /** These variables, then those of {@code defaults} that are not already set here. */
  public Variables withDefaults(Variables defaults) {
    if (defaults.isEmpty()) {
      return this;
    }
    Map<String, JsonNode> m = new LinkedHashMap<>(values);
    defaults.values.forEach(m::putIfAbsent);
    return new Variables(m);
  }

  /** These variables without the names in {@code names}. */
  public Variables without(java.util.Set<String> names) {
    Map<String, JsonNode> m = new LinkedHashMap<>(values);
    m.keySet().removeAll(names);
    return new Variables(m);
  }
}
