package spacktainers.buildcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A build-cache index: the Spack database JSON of {@code build_cache/index.json} (v2) or of the v3
 * index blob, {@code {"database": {"version": ..., "installs": {<hash>: {"spec": ..., "ref_count": n,
 * "in_buildcache": true}}}}}.
 *
 * <p>Spack builds the index by adding every spec file's whole DAG to a database and marking only the
 * pushed specs {@code in_buildcache}; their dependencies that were never pushed (externals, build
 * tools) are entries too, with {@code in_buildcache: false}, so that each spec's DAG stays complete.
 */
final class SpackDatabase {
  // The raw bytes, not the parsed tree: a tree of a 20,000-spec index costs several times its size,
  // and it is needed again only for the rewrite.
  private final byte[] raw;
  private final Map<String, SpecNodes.Node> nodes;
  private final Set<String> inCache;

  private SpackDatabase(byte[] raw, Map<String, SpecNodes.Node> nodes, Set<String> inCache) {
    this.raw = raw;
    this.nodes = nodes;
    this.inCache = inCache;
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
    Set<String> inCache = new HashSet<>();
    for (Map.Entry<String, JsonNode> e : root.path("database").path("installs").properties()) {
      if (!CacheKey.HASH.matcher(e.getKey()).matches()) {
        continue;
      }
      SpecNodes.Node n = SpecNodes.node(e.getValue().path("spec"))
          .orElseGet(() -> SpecNodes.node(withHash(e.getValue().path("spec"), e.getKey(), json))
              .orElse(new SpecNodes.Node(e.getKey(), "", Map.of())));
      nodes.put(e.getKey(), new SpecNodes.Node(e.getKey(), n.name(), n.dependencies()));
      // Spack's index writer always writes the flag; an entry without one is taken as a cached spec, so
      // an index of unknown vintage is treated as before the flag existed.
      if (e.getValue().path("in_buildcache").asBoolean(true)) {
        inCache.add(e.getKey());
      }
    }
    return Optional.of(new SpackDatabase(bytes, nodes, Set.copyOf(inCache)));
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

  /** Every entry, including dependencies that are not in the cache. */
  Map<String, SpecNodes.Node> nodes() {
    return Collections.unmodifiableMap(nodes);
  }

  /** The entries marked {@code in_buildcache}: the specs the index says the mirror holds. */
  Set<String> inCache() {
    return inCache;
  }

  /**
   * The same database without {@code drop}, as Spack would index the remaining mirror: an entry that
   * a remaining entry still depends on (directly or through other such entries) stays, marked
   * {@code in_buildcache: false}, so no spec's DAG loses a node; the others go, and the
   * {@code ref_count} of each remaining dependency they counted is decreased.
   */
  byte[] without(Set<String> drop, ObjectMapper json) {
    ObjectNode copy;
    try {
      copy = (ObjectNode) json.readTree(raw);
    } catch (IOException e) {
      throw new IllegalStateException("the index parsed before", e);
    }
    ObjectNode installs = (ObjectNode) copy.path("database").path("installs");
    Set<String> stillNeeded = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    nodes.forEach((hash, node) -> {
      if (!drop.contains(hash)) {
        queue.add(hash);
      }
    });
    while (!queue.isEmpty()) {
      SpecNodes.Node n = nodes.get(queue.poll());
      for (String dep : n == null ? Set.<String>of() : n.dependencyHashes()) {
        if (drop.contains(dep) && nodes.containsKey(dep) && stillNeeded.add(dep)) {
          queue.add(dep);
        }
      }
    }
    for (String h : new TreeSet<>(drop)) {
      if (stillNeeded.contains(h)) {
        if (installs.get(h) instanceof ObjectNode o) {
          o.put("in_buildcache", false);
        }
        continue;
      }
      if (installs.remove(h) == null) {
        continue;
      }
      SpecNodes.Node n = nodes.get(h);
      if (n == null) {
        continue;
      }
      n.dependencies().forEach((dep, tracked) -> {
        JsonNode entry = installs.get(dep);
        boolean removed = drop.contains(dep) && !stillNeeded.contains(dep);
        if (tracked && !removed && entry instanceof ObjectNode o && o.path("ref_count").isIntegralNumber()) {
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
