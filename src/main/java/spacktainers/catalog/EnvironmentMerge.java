package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Merges a user's Spack environment over a template. The user wins:
 *
 * <ul>
 *   <li>mappings merge key by key, recursively;
 *   <li>a user scalar replaces the template's value; so does a user list, except under the keys Spack
 *       itself concatenates ({@code specs}, {@code definitions}), where the template's items come first
 *       and the user's follow (items already present are not repeated);
 *   <li>a value of a different kind (a list over a mapping, ...) replaces the template's;
 *   <li>a user key ending in {@code ::} (Spack's "override" marker) replaces the template's entry under
 *       the same name entirely, and keeps its {@code ::} so Spack still overrides its own defaults.
 * </ul>
 *
 * <p>The original scripts concatenated every list and refused to override scalars, so a user could
 * neither change a template requirement nor prefer another MPI provider.
 */
public final class EnvironmentMerge {
  static final Set<String> CONCATENATED = Set.of("specs", "definitions");

  private EnvironmentMerge() {}

  /** {@code template} with {@code user} merged over it; neither argument is modified. */
  public static JsonNode merge(JsonNode template, JsonNode user) {
    return merge(template, user, "");
  }

  private static JsonNode merge(JsonNode template, JsonNode user, String key) {
    if (template == null || template.isMissingNode()) {
      return user.deepCopy();
    }
    if (template.isObject() && user.isObject()) {
      ObjectNode out = template.deepCopy();
      for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        if (k.endsWith("::")) {
          String plain = k.substring(0, k.length() - 2);
          out.remove(plain);
          out.set(k, e.getValue().deepCopy());
        } else if (out.has(k + "::")) {
          out.set(k + "::", merge(out.get(k + "::"), e.getValue(), k));
        } else {
          out.set(k, merge(out.get(k), e.getValue(), k));
        }
      }
      return out;
    }
    if (template.isArray() && user.isArray() && CONCATENATED.contains(key)) {
      ArrayNode out = template.deepCopy();
      for (JsonNode item : user) {
        if (!contains(out, item)) {
          out.add(item.deepCopy());
        }
      }
      return out;
    }
    return user.deepCopy();
  }

  private static boolean contains(ArrayNode list, JsonNode item) {
    for (JsonNode x : list) {
      if (x.equals(item)) {
        return true;
      }
    }
    return false;
  }

  /** {@code {spack: merge(merge(common, part), user)}}: a complete spack.yaml tree. */
  static ObjectNode environment(JsonNode common, JsonNode part, JsonNode userSpack) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.set("spack", merge(merge(common, part), userSpack));
    return doc;
  }
}
