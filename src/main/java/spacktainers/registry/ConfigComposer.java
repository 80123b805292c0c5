package spacktainers.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the new image config from the base's: keeps every field the base has (in its order), then
 * applies labels, environment, entrypoint, command, working directory and user, and appends one
 * diff id and one history entry per new layer. History names the destination only, never a host
 * path or an option value that could hold a secret.
 */
final class ConfigComposer {
  private ConfigComposer() {}

  static ObjectNode compose(Optional<ObjectNode> base, ImageSpec spec, List<String> newDiffIds) {
    String created = DateTimeFormatter.ISO_INSTANT.format(spec.created().truncatedTo(ChronoUnit.SECONDS));
    ObjectNode config;
    boolean keepHistory;
    if (base.isPresent()) {
      config = base.get().deepCopy();
      keepHistory = config.has("history");
    } else {
      config = Json.object();
      config.put("created", created);
      config.put("architecture", spec.platform().architecture());
      config.put("os", spec.platform().os());
      if (!spec.platform().variant().isEmpty()) {
        config.put("variant", spec.platform().variant());
      }
      keepHistory = true;
    }
    config.put("created", created);
    ObjectNode runtime = object(config, "config");
    applyEnv(runtime, spec.env());
    if (!spec.labels().isEmpty()) {
      Map<String, String> labels = new TreeMap<>();
      runtime.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      labels.putAll(spec.labels());
      ObjectNode node = Json.object();
      labels.forEach(node::put);
      runtime.set("Labels", node);
    }
    spec.entrypoint().ifPresent(ep -> {
      runtime.set("Entrypoint", strings(ep));
      if (spec.cmd().isEmpty()) {
        runtime.remove("Cmd");
      }
    });
    spec.cmd().ifPresent(c -> runtime.set("Cmd", strings(c)));
    spec.workdir().ifPresent(w -> runtime.put("WorkingDir", w));
    spec.user().ifPresent(u -> runtime.put("User", u));

    ObjectNode rootfs = object(config, "rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.has("diff_ids") && rootfs.get("diff_ids").isArray()
        ? (ArrayNode) rootfs.get("diff_ids") : rootfs.putArray("diff_ids");
    newDiffIds.forEach(diffIds::add);

    if (keepHistory && !newDiffIds.isEmpty()) {
      ArrayNode history = config.has("history") && config.get("history").isArray()
          ? (ArrayNode) config.get("history") : config.putArray("history");
      for (LayerSpec layer : spec.layers()) {
        ObjectNode h = history.addObject();
        h.put("created", created);
        h.put("created_by", "spacktainers image assemble: layer " + layer.destination());
        // the destination as written; never the host source path (CI folders, user names)
      }
    }
    return config;
  }

  private static void applyEnv(ObjectNode runtime, List<String> env) {
    if (env.isEmpty()) {
      return;
    }
    Map<String, String> merged = new java.util.LinkedHashMap<>();
    for (JsonNode e : runtime.path("Env")) {
      String s = e.asText();
      int eq = s.indexOf('=');
      merged.put(eq < 0 ? s : s.substring(0, eq), s);
    }
    for (String s : env) {
      merged.put(s.substring(0, s.indexOf('=')), s);
    }
    runtime.set("Env", strings(List.copyOf(merged.values())));
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n != null && n.isObject()) {
      return (ObjectNode) n;
    }
    return parent.putObject(field);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    values.forEach(a::add);
    return a;
  }
}
