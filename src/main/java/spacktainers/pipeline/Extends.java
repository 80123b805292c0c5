package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import spacktainers.common.Problems;
import spacktainers.yaml.YamlDocument;

/**
 * GitLab's {@code extends}, resolved the way GitLab does before it reads jobs: the parents' mappings are
 * deep-merged in the order listed (a later parent wins), the job's own keys win over all of them, and any
 * other value (lists included) is replaced, not merged. Parents may extend others, up to GitLab's 11
 * levels. Without this, a job that takes its {@code stage} or {@code needs} from a template would be
 * checked as if it had none.
 */
final class Extends {
  /** GitLab's {@code MAX_NESTING_LEVELS} for {@code extends}. */
  static final int MAX_DEPTH = 11;

  private Extends() {}

  /**
   * The document with every job's {@code extends} resolved (and removed); unknown parents, cycles and too
   * deep chains go to {@code problems}. A parent that may live in an {@code include}d file is not an error.
   */
  static YamlDocument resolve(YamlDocument doc, Problems problems) {
    JsonNode root = doc.root();
    if (!root.isObject()) {
      return doc;
    }
    boolean includes = root.has("include");
    Map<String, ObjectNode> resolved = new HashMap<>();
    ObjectNode out = root.deepCopy();
    boolean any = false;
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (e.getValue().isObject() && e.getValue().has("extends") && !PipelineReader.RESERVED.contains(e.getKey())) {
        out.set(e.getKey(), job(doc, e.getKey(), new ArrayList<>(), resolved, includes, problems));
        any = true;
      }
    }
    return any ? new YamlDocument(doc.source(), out, doc.locations()) : doc;
  }

  private static ObjectNode job(YamlDocument doc, String name, List<String> chain, Map<String, ObjectNode> resolved,
      boolean includes, Problems problems) {
    ObjectNode own = (ObjectNode) doc.root().get(name);
    if (resolved.containsKey(name)) {
      return resolved.get(name);
    }
    String where = doc.where(YamlDocument.child(name, "extends"));
    chain.add(name);
    ObjectNode merged = own.objectNode();
    JsonNode ext = own.get("extends");
    List<String> parents = new ArrayList<>();
    if (ext.isTextual()) {
      parents.add(ext.textValue());
    } else if (ext.isArray()) {
      ext.forEach(p -> parents.add(p.asText()));
    }
    for (String parent : parents) {
      JsonNode p = doc.root().get(parent);
      if (chain.contains(parent)) {
        problems.add(where, "circular extends: " + String.join(" -> ", chain) + " -> " + parent);
      } else if (chain.size() >= MAX_DEPTH) {
        problems.add(where, "extends nests more than GitLab's " + MAX_DEPTH + " levels: " + String.join(" -> ", chain));
      } else if (p == null || !p.isObject()) {
        if (!includes) {
          problems.add(where, "extends '" + parent + "', which is not a job or template of this file");
        }
      } else {
        JsonNode base = p.has("extends") ? job(doc, parent, chain, resolved, includes, problems) : p;
        deepMerge(merged, base);
      }
    }
    deepMerge(merged, own);
    merged.remove("extends");
    chain.remove(chain.size() - 1);
    resolved.put(name, merged);
    return merged;
  }

  /**
   * Merges {@code over} into {@code into}: mappings key by key, anything else replaced. A mapping of
   * {@code into} is copied before it is merged into, so nodes shared with the source tree stay unchanged.
   */
  static void deepMerge(ObjectNode into, JsonNode over) {
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      JsonNode old = into.get(e.getKey());
      if (old instanceof ObjectNode a && e.getValue() instanceof ObjectNode b) {
        ObjectNode copy = a.deepCopy();
        deepMerge(copy, b);
        into.set(e.getKey(), copy);
      } else {
        into.set(e.getKey(), e.getValue() instanceof ArrayNode arr ? arr.deepCopy() : e.getValue());
      }
    }
  }
}
