package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import spacktainers.common.Problem;
import spacktainers.common.Problems;
import spacktainers.yaml.YamlDocument;

/**
 * Reads typed values out of a YAML tree while collecting every problem with its file, line and key
 * path, so a validator reports all of them at once. Accessors return empty on a problem; callers
 * keep going and build their model only when nothing was reported.
 */
final class Checker {
  private final YamlDocument doc;
  private final Problems problems;

  Checker(YamlDocument doc, Problems problems) {
    this.doc = doc;
    this.problems = problems;
  }

  YamlDocument doc() {
    return doc;
  }

  Problems problems() {
    return problems;
  }

  String where(String path) {
    return doc.where(path);
  }

  void error(String path, String message) {
    problems.add(Problem.at(where(path), message));
  }

  void error(String path, String message, String hint) {
    problems.add(new Problem(where(path), message, hint));
  }

  static String child(String path, String key) {
    return YamlDocument.child(path, key);
  }

  /** Reports every key of {@code map} not in {@code allowed}; true when there was none. */
  boolean onlyKeys(JsonNode map, String path, Set<String> allowed) {
    boolean ok = true;
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        ok = false;
        error(child(path, key), "unknown key '" + key + "'", "allowed here: " + String.join(", ", sorted(allowed)));
      }
    }
    return ok;
  }

  private static List<String> sorted(Set<String> keys) {
    List<String> list = new ArrayList<>(keys);
    list.sort(null);
    return list;
  }

  Optional<ObjectNode> mapping(JsonNode parent, String key, String path, boolean required) {
    String p = child(path, key);
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        missing(parent, key, path, "a mapping");
      }
      return Optional.empty();
    }
    if (!v.isObject()) {
      error(p, "must be a mapping, not " + describe(v));
      return Optional.empty();
    }
    return Optional.of((ObjectNode) v);
  }

  /** A non-blank string. */
  Optional<String> string(JsonNode parent, String key, String path, boolean required) {
    String p = child(path, key);
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        missing(parent, key, path, "a string");
      }
      return Optional.empty();
    }
    if (!v.isTextual()) {
      error(p, "must be a string, not " + describe(v), "quote the value");
      return Optional.empty();
    }
    if (v.textValue().isBlank()) {
      error(p, "must not be empty");
      return Optional.empty();
    }
    return Optional.of(v.textValue());
  }

  /** A scalar taken as its text: strings, and numbers as written ({@code 1.10} stays {@code 1.10}). */
  Optional<String> scalarText(JsonNode parent, String key, String path, boolean required) {
    JsonNode v = parent.get(key);
    if (v != null && (v.isNumber() || v.isBoolean())) {
      return Optional.of(v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText());
    }
    return string(parent, key, path, required);
  }

  /** A string checked by {@code rule} (which returns the reason it is wrong, if it is). */
  Optional<String> checked(JsonNode parent, String key, String path, boolean required,
      Function<String, Optional<String>> rule) {
    Optional<String> s = string(parent, key, path, required);
    if (s.isPresent()) {
      Optional<String> bad = rule.apply(s.get());
      if (bad.isPresent()) {
        error(child(path, key), bad.get());
        return Optional.empty();
      }
    }
    return s;
  }

  Optional<Integer> integer(JsonNode parent, String key, String path, boolean required, int min) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        missing(parent, key, path, "a whole number");
      }
      return Optional.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
      error(child(path, key), "must be a whole number of at least " + min + ", not " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v.intValue());
  }

  Optional<Boolean> bool(JsonNode parent, String key, String path) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      error(child(path, key), "must be true or false, not " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v.booleanValue());
  }

  /** A list of non-empty strings, each checked by {@code rule}. */
  Optional<List<String>> strings(JsonNode parent, String key, String path, boolean required, boolean nonEmpty,
      Function<String, Optional<String>> rule) {
    String p = child(path, key);
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        missing(parent, key, path, "a list");
      }
      return Optional.empty();
    }
    if (!v.isArray()) {
      error(p, "must be a list, not " + describe(v));
      return Optional.empty();
    }
    if (nonEmpty && v.isEmpty()) {
      error(p, "must not be empty");
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String ip = YamlDocument.item(p, i);
      if (!item.isTextual() || item.textValue().isBlank()) {
        error(ip, "must be a non-empty string, not " + describe(item));
        ok = false;
        continue;
      }
      Optional<String> bad = rule.apply(item.textValue());
      if (bad.isPresent()) {
        error(ip, bad.get());
        ok = false;
        continue;
      }
      out.add(item.textValue());
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  /** A mapping of names to scalar values (strings, numbers, booleans taken as text). */
  Optional<Map<String, String>> stringMap(JsonNode parent, String key, String path,
      Function<String, Optional<String>> keyRule) {
    Optional<ObjectNode> map = mapping(parent, key, path, false);
    if (map.isEmpty()) {
      return Optional.of(Map.of());
    }
    Map<String, String> out = new LinkedHashMap<>();
    boolean ok = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = map.get().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = child(child(path, key), e.getKey());
      Optional<String> bad = keyRule.apply(e.getKey());
      if (bad.isPresent()) {
        error(p, bad.get());
        ok = false;
        continue;
      }
      JsonNode v = e.getValue();
      if (!v.isValueNode() || v.isNull()) {
        error(p, "must be a string, number or boolean, not " + describe(v));
        ok = false;
        continue;
      }
      String text = v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
      if (text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
        error(p, "must be one line without control characters");
        ok = false;
        continue;
      }
      out.put(e.getKey(), text);
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  private void missing(JsonNode parent, String key, String path, String what) {
    String message = "missing required key '" + key + "' (" + what + ")";
    if (parent.has(key)) {
      error(child(path, key), "must be " + what + ", not empty");
    } else {
      error(path, message);
    }
  }

  /** How a path is shown in messages: relative to {@code base} when inside it, else absolute. */
  static String display(Path base, Path p) {
    Path b = base.toAbsolutePath().normalize();
    Path abs = p.toAbsolutePath().normalize();
    return (abs.startsWith(b) ? b.relativize(abs) : abs).toString().replace('\\', '/');
  }

  static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isTextual()) {
      return "the string '" + v.textValue() + "'";
    }
    if (v.isNull()) {
      return "nothing";
    }
    return v.isBoolean() ? "the boolean " + v.asText() : "the number " + v.asText();
  }
}
