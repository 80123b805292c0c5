package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import spacktainers.common.Problems;
import spacktainers.yaml.YamlDocument;

/**
 * Reads per-architecture settings for {@code split --arch-settings FILE}: a mapping from architecture to
 * {@code tags}, {@code variables} and {@code mirrors}. An interim format until the site settings file
 * (catalogue issue) supplies {@link ArchSettings} directly:
 * <pre>
 * amd64:
 *   tags: [kubernetes]
 *   variables: {KUBERNETES_CPU_REQUEST: "4"}
 *   mirrors:
 *     - name: buildcache-destination
 *       url: s3://spack-build-cache
 *       access-key-id-variable: CACHE_ACCESS_KEY_ID
 *       secret-access-key-variable: CACHE_SECRET_ACCESS_KEY
 *       endpoint-url: https://s3.example.org
 * </pre>
 */
public final class ArchSettingsReader {
  private static final Set<String> KEYS = Set.of("tags", "variables", "mirrors");
  private static final Set<String> MIRROR_KEYS = Set.of("name", "url", "access-key-id-variable",
      "secret-access-key-variable", "endpoint-url");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ArchSettingsReader() {}

  /** The settings for {@code arch}, or empty when the file does not mention it. */
  public static Optional<ArchSettings> read(YamlDocument doc, String arch) {
    Problems problems = new Problems();
    JsonNode root = doc.root();
    if (!root.isObject()) {
      problems.add(doc.where(""), "expected a mapping from architecture to its settings");
      problems.throwIfAny();
    }
    JsonNode s = root.get(arch);
    if (s == null) {
      return Optional.empty();
    }
    if (!s.isObject()) {
      problems.add(doc.where(arch), "expected a mapping with tags, variables and mirrors");
      problems.throwIfAny();
    }
    s.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        problems.add(doc.where(YamlDocument.child(arch, k)), "unknown key; expected one of tags, variables, mirrors");
      }
    });
    List<String> tags = new ArrayList<>();
    JsonNode t = s.path("tags");
    if (!t.isMissingNode()) {
      if (!t.isArray()) {
        problems.add(doc.where(arch + ".tags"), "expected a list of runner tags");
      } else {
        t.forEach(x -> tags.add(x.asText()));
      }
    }
    Map<String, String> variables = new LinkedHashMap<>();
    JsonNode v = s.path("variables");
    if (!v.isMissingNode()) {
      if (!v.isObject()) {
        problems.add(doc.where(arch + ".variables"), "expected a mapping of variable names to values");
      } else {
        for (Map.Entry<String, JsonNode> e : v.properties()) {
          String path = YamlDocument.child(arch + ".variables", e.getKey());
          if (!NAME.matcher(e.getKey()).matches()) {
            problems.add(doc.where(path), "not a CI variable name");
          } else if (e.getValue().isContainerNode() || e.getValue().isNull()) {
            problems.add(doc.where(path), "expected a plain value");
          } else {
            variables.put(e.getKey(), e.getValue().asText());
          }
        }
      }
    }
    List<ArchSettings.Mirror> mirrors = new ArrayList<>();
    JsonNode m = s.path("mirrors");
    if (!m.isMissingNode()) {
      if (!m.isArray()) {
        problems.add(doc.where(arch + ".mirrors"), "expected a list of mirrors");
      } else {
        for (int i = 0; i < m.size(); i++) {
          mirror(doc, YamlDocument.item(arch + ".mirrors", i), m.get(i), problems).ifPresent(mirrors::add);
        }
      }
    }
    problems.throwIfAny();
    return Optional.of(new ArchSettings(tags, variables, mirrors));
  }

  private static Optional<ArchSettings.Mirror> mirror(YamlDocument doc, String path, JsonNode m, Problems problems) {
    if (!m.isObject()) {
      problems.add(doc.where(path), "expected a mapping with name and url");
      return Optional.empty();
    }
    m.fieldNames().forEachRemaining(k -> {
      if (!MIRROR_KEYS.contains(k)) {
        problems.add(doc.where(YamlDocument.child(path, k)), "unknown key; expected one of " + String.join(", ",
            MIRROR_KEYS.stream().sorted().toList()), k.contains("secret") || k.contains("key")
            ? "credentials are given by CI variable name: access-key-id-variable, secret-access-key-variable" : "");
      }
    });
    String name = m.path("name").asText("");
    String url = m.path("url").asText("");
    if (name.isEmpty() || url.isEmpty()) {
      problems.add(doc.where(path), "a mirror needs a name and a url");
    }
    Optional<String> id = variableName(doc, path, "access-key-id-variable", m, problems);
    Optional<String> secret = variableName(doc, path, "secret-access-key-variable", m, problems);
    Optional<String> endpoint = Optional.ofNullable(m.get("endpoint-url")).map(JsonNode::asText);
    if (name.isEmpty() || url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ArchSettings.Mirror(name, url, id, secret, endpoint));
  }

  private static Optional<String> variableName(YamlDocument doc, String path, String key, JsonNode m,
      Problems problems) {
    JsonNode v = m.get(key);
    if (v == null) {
      return Optional.empty();
    }
    String s = v.asText();
    String p = s.startsWith("$") ? s.substring(1).replaceAll("^\\{(.*)}$", "$1") : s;
    if (!NAME.matcher(p).matches()) {
      // Never echo the value: it may be the secret itself, pasted by mistake.
      problems.add(doc.where(YamlDocument.child(path, key)), "expected the name of a CI variable");
      return Optional.empty();
    }
    return Optional.of(p);
  }
}
