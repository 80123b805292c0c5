package spacktainers.buildcache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import spacktainers.common.InvalidInputException;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/**
 * Reads Spack spec nodes in every format the caches hold: the current {@code {"name", "hash",
 * "dependencies": [{"hash", "parameters": {"deptypes"}}]}} and the old single-key
 * {@code {"<name>": {"hash", "dependencies": {"<dep>": {"hash", "type"}}}}}.
 */
final class SpecNodes {
  private static final Pattern CLEARSIGNED = Pattern.compile(
      "-----BEGIN PGP SIGNED MESSAGE-----\\r?\\n(?:[^\\r\\n]+\\r?\\n)*?\\r?\\n(.*?)\\r?\\n-----BEGIN PGP SIGNATURE-----",
      Pattern.DOTALL);

  private SpecNodes() {}

  /** A spec node's facts that matter for pruning. */
  record Node(String hash, String name, Map<String, Boolean> dependencies) {
    /** Dependency hashes (all types). */
    Set<String> dependencyHashes() {
      return dependencies.keySet();
    }
  }

  /**
   * The body of a PGP clear-signed text ({@code .spec.json.sig}, signed manifests), with dash-escaped
   * lines restored; text that is not clear-signed is returned as is.
   */
  static String stripClearsign(String text) {
    if (!text.startsWith("-----BEGIN PGP SIGNED MESSAGE-----")) {
      return text;
    }
    Matcher m = CLEARSIGNED.matcher(text);
    if (!m.find()) {
      return text;
    }
    return m.group(1).replaceAll("(?m)^- ", "");
  }

  static boolean isClearsigned(String text) {
    return text.startsWith("-----BEGIN PGP SIGNED MESSAGE-----");
  }

  /** Reads one node; empty when it has no usable hash. */
  static Optional<Node> node(JsonNode raw) {
    JsonNode n = raw;
    String name = n.path("name").asText("");
    if (name.isEmpty() && n.isObject() && n.size() == 1 && !n.has("hash")) {
      Map.Entry<String, JsonNode> only = n.properties().iterator().next();
      name = only.getKey();
      n = only.getValue();
    }
    String hash = n.path("hash").asText("");
    if (!CacheKey.HASH.matcher(hash).matches()) {
      return Optional.empty();
    }
    Map<String, Boolean> deps = new java.util.LinkedHashMap<>();
    JsonNode d = n.path("dependencies");
    if (d.isArray()) {
      for (JsonNode e : d) {
        addDep(deps, e.path("hash").asText(""), types(e.path("parameters").path("deptypes"), e.path("type")));
      }
    } else if (d.isObject()) {
      for (Map.Entry<String, JsonNode> e : d.properties()) {
        JsonNode v = e.getValue();
        addDep(deps, v.isTextual() ? v.asText() : v.path("hash").asText(""),
            types(v.path("parameters").path("deptypes"), v.path("type")));
      }
    }
    return Optional.of(new Node(hash, name, deps));
  }

  private static Set<String> types(JsonNode a, JsonNode b) {
    JsonNode t = a.isArray() ? a : b;
    Set<String> out = new LinkedHashSet<>();
    if (t.isArray()) {
      t.forEach(x -> out.add(x.asText()));
    } else if (t.isTextual()) {
      out.add(t.asText());
    }
    return out;
  }

  // The database counts link and run dependents in ref_count; unknown types are counted too.
  private static void addDep(Map<String, Boolean> deps, String hash, Set<String> types) {
    if (CacheKey.HASH.matcher(hash).matches()) {
      boolean tracked = types.isEmpty() || types.contains("link") || types.contains("run");
      deps.merge(hash, tracked, Boolean::logicalOr);
    }
  }

  /**
   * The node of {@code hash} in a spec file ({@code {"spec": {"nodes": [...]}}}, or
   * {@code {"spec": [{"<name>": {...}}, ...]}} before Spack 0.18), possibly
   * clear-signed); empty when the text is not a spec file or lacks that node.
   */
  static Optional<Node> fromSpecFile(String text, String hash, com.fasterxml.jackson.databind.ObjectMapper json) {
    try {
      return fromTree(json.readTree(stripClearsign(text)), hash);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** The node of {@code hash} in a {@code .spec.yaml} (Spack <= 0.16), same shapes as the JSON files. */
  static Optional<Node> fromYamlSpecFile(String text, String hash) {
    try {
      return fromTree(new YamlReader(YamlLimits.DOCUMENT).parse(text, "spec.yaml").root(), hash);
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  private static Optional<Node> fromTree(JsonNode root, String hash) {
    // Spack <= 0.17 (specfile v1) writes the node list as "spec" itself; 0.18+ nests it in "nodes".
    JsonNode spec = root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root.path("spec");
    JsonNode nodes = spec.isArray() ? spec : spec.path("nodes");
    if (!nodes.isArray()) {
      return Optional.empty();
    }
    for (JsonNode raw : nodes) {
      Optional<Node> n = node(raw);
      if (n.isPresent() && n.get().hash().equals(hash)) {
        return n;
      }
    }
    return Optional.empty();
  }
}
