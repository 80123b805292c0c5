package spacktainers.buildcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A build-cache index: the Spack database JSON of {@code build_cache/index.json} (v2) or of the v3
 * index blob, {@code {"database": {"version": ..., "installs": {<hash>: {"spec": ..., "ref_count": n}}}}}.
 */
final class SpackDatabase {
  // The raw bytes, not the parsed tree: a tree of a 20,000-spec index costs several times its size,
  // and it is needed again only for the rewrite.
  private final byte[] raw;
  private final Map<String, SpecNodes.Node> nodes;

  private SpackDatabase(byte[] raw, Map<String, SpecNodes.Node> nodes) {
    this.raw = raw;
    this.nodes = nodes;
  }

  /** Parses an index; empty when the bytes are not a Spack database. */
  static Optional<SpackDatabase> parse(byte[] bytes, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.path("database").path("installs").isObject()) {
      return Optional.empty();
    }
    Map<String, SpecNodes.Node> nodes = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("database").path("installs").properties()) {
      if (!CacheKey.HASH.matcher(e.getKey()).matches()) {
        continue;
      }
      SpecNodes.Node n = SpecNodes.node(e.getValue().path("spec"))
          .orElseGet(() -> SpecNodes.node(withHash(e.getValue().path("spec"), e.getKey(), json))
              .orElse(new SpecNodes.Node(e.getKey(), "", Map.of())));
      nodes.put(e.getKey(), new SpecNodes.Node(e.getKey(), n.name(), n.dependencies()));
    }
    return Optional.of(new SpackDatabase(bytes, nodes));
  }

  // Very old databases carry the hash only as the installs key.
  private static JsonNode withHash(JsonNode spec, String hash, ObjectMapper json) {
    if (!spec.isObject()) {
      return spec;
    }
    ObjectNode copy = spec.deepCopy();
    if (copy.size() == 1 && !copy.has("name")) {
      JsonNode inner = copy.elements().next();
      if (inner.isObject()) {
        ((ObjectNode) inner).put("hash", hash);
      }
      return copy;
    }
    copy.put("hash", hash);
    return copy;
  }

  Map<String, SpecNodes.Node> nodes() {
    return Collections.unmodifiableMap(nodes);
  }

  /**
   * The same database without {@code drop}: their entries go, and the {@code ref_count} of each
   * remaining dependency they counted is decreased, as Spack's database would have it.
   */
  byte[] without(Set<String> drop, ObjectMapper json) {
    ObjectNode copy;
    try {
      copy = (ObjectNode) json.readTree(raw);
    } catch (IOException e) {
      throw new IllegalStateException("the index parsed before", e);
    }
    ObjectNode installs = (ObjectNode) copy.path("database").path("installs");
    for (String h : drop) {
      if (installs.remove(h) == null) {
        continue;
      }
      SpecNodes.Node n = nodes.get(h);
      if (n == null) {
        continue;
      }
      n.dependencies().forEach((dep, tracked) -> {
        JsonNode entry = installs.get(dep);
        if (tracked && !drop.contains(dep) && entry instanceof ObjectNode o && o.path("ref_count").isIntegralNumber()) {
          o.put("ref_count", Math.max(0, o.path("ref_count").asInt() - 1));
        }
      });
    }
    try {
      return json.writeValueAsBytes(copy);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
