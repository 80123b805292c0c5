package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import spacktainers.yaml.YamlDocument;

/**
 * {@code %NAME%} placeholders in environment values, substituted per architecture. Only upper-case
 * names count, so Spack's own {@code %gcc} compiler syntax is never touched.
 */
final class Placeholders {
  static final Set<String> NAMES = Set.of("ARCH", "BASE_ARCH", "TARGET", "BUILD_CACHE_URL");
  private static final Pattern USE = Pattern.compile("%([A-Z][A-Z0-9_]*)%");

  private Placeholders() {}

  static String known() {
    return "%ARCH%, %BASE_ARCH%, %TARGET%, %BUILD_CACHE_URL%";
  }

  /** A placeholder occurrence: its name and the key path of the string holding it. */
  record Use(String name, String path) {}

  static List<Use> uses(JsonNode tree, String path) {
    List<Use> out = new ArrayList<>();
    collect(tree, path, out);
    return out;
  }

  private static void collect(JsonNode n, String path, List<Use> out) {
    if (n.isTextual()) {
      Matcher m = USE.matcher(n.textValue());
      while (m.find()) {
        out.add(new Use(m.group(1), path));
      }
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), YamlDocument.child(path, e.getKey()), out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        collect(n.get(i), YamlDocument.item(path, i), out);
      }
    }
  }

  /** A copy of {@code tree} with every known placeholder replaced; values without one are shared. */
  static JsonNode substitute(JsonNode tree, Map<String, String> values) {
    if (tree.isTextual()) {
      String s = tree.textValue();
      if (s.indexOf('%') < 0) {
        return tree;
      }
      Matcher m = USE.matcher(s);
      StringBuilder sb = new StringBuilder();
      boolean changed = false;
      while (m.find()) {
        String v = values.get(m.group(1));
        m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        changed |= v != null;
      }
      m.appendTail(sb);
      return changed ? JsonNodeFactory.instance.textNode(sb.toString()) : tree;
    }
    if (tree.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      tree.fields().forEachRemaining(e -> out.set(e.getKey(), substitute(e.getValue(), values)));
      return out;
    }
    if (tree.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(tree.size());
      tree.forEach(x -> out.add(substitute(x, values)));
      return out;
    }
    return tree;
  }
}
