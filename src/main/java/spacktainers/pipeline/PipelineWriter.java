package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import spacktainers.yaml.YamlWriter;

/**
 * Writes a {@link Pipeline} as deterministic block YAML through {@link YamlWriter}: no anchors, minimal
 * quoting, LF line ends, a trailing newline. Known keys come in GitLab's conventional order (what a job is
 * and where it runs, when it runs, its variables, what it runs, what it keeps); unknown keys follow in
 * input order. A file is the concatenation of its top-level sections, so {@link #jobYaml} of each job adds
 * up exactly to the job part of {@link #write}: the splitter sizes files with it.
 */
public final class PipelineWriter {
  static final List<String> TOP_LEVEL_ORDER = List.of("include", "workflow", "stages", "variables", "default",
      "image", "services", "cache", "before_script", "after_script");
  static final List<String> JOB_ORDER = List.of("extends", "stage", "image", "services", "tags", "rules", "needs",
      "dependencies", "when", "allow_failure", "manual_confirmation", "start_in", "trigger", "inherit", "variables",
      "id_tokens", "secrets", "hooks", "before_script", "script", "run", "after_script", "artifacts", "cache",
      "coverage", "retry", "timeout", "interruptible", "resource_group", "environment", "release", "pages",
      "parallel");
  private static final Map<String, Integer> TOP_RANK = rank(TOP_LEVEL_ORDER);
  private static final Map<String, Integer> JOB_RANK = rank(JOB_ORDER);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PipelineWriter() {}

  public static String write(Pipeline p) {
    return YamlWriter.write(toNode(p));
  }

  /** The file without its jobs: what comes before the first job. */
  public static String headerYaml(Pipeline p) {
    ObjectNode n = header(p);
    return n.isEmpty() ? "" : YamlWriter.write(n);
  }

  /** One job as a top-level entry ({@code name:} and its keys), exactly as {@link #write} writes it. */
  public static String jobYaml(PipelineJob job) {
    ObjectNode n = F.objectNode();
    n.set(job.name(), jobNode(job));
    return YamlWriter.write(n);
  }

  public static ObjectNode toNode(Pipeline p) {
    ObjectNode n = header(p);
    for (PipelineJob job : p.jobs()) {
      n.set(job.name(), jobNode(job));
    }
    return n;
  }

  private static ObjectNode header(Pipeline p) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    p.workflow().ifPresent(w -> entries.add(Map.entry("workflow", workflowNode(w))));
    if (!p.stages().isEmpty()) {
      entries.add(Map.entry("stages", strings(p.stages())));
    }
    if (!p.variables().isEmpty()) {
      entries.add(Map.entry("variables", variablesNode(p.variables())));
    }
    entries.addAll(p.other().entrySet());
    return ordered(entries, TOP_RANK);
  }

  public static ObjectNode jobNode(PipelineJob job) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    job.stage().ifPresent(s -> entries.add(Map.entry("stage", TextNode.valueOf(s))));
    if (!job.rules().isEmpty()) {
      entries.add(Map.entry("rules", rulesNode(job.rules())));
    }
    job.needs().ifPresent(n -> entries.add(Map.entry("needs", needsNode(n))));
    job.when().ifPresent(w -> entries.add(Map.entry("when", TextNode.valueOf(w))));
    if (!job.variables().isEmpty()) {
      entries.add(Map.entry("variables", variablesNode(job.variables())));
    }
    if (job instanceof Job j) {
      if (!j.tags().isEmpty()) {
        entries.add(Map.entry("tags", strings(j.tags())));
      }
      j.dependencies().ifPresent(d -> entries.add(Map.entry("dependencies", strings(d))));
      entries.addAll(j.other().entrySet());
    } else if (job instanceof TriggerJob t) {
      entries.add(Map.entry("trigger", triggerNode(t.trigger())));
      entries.addAll(t.other().entrySet());
    }
    return ordered(entries, JOB_RANK);
  }

  private static ObjectNode ordered(List<Map.Entry<String, JsonNode>> entries, Map<String, Integer> rank) {
    // Stable sort: known keys by rank, unknown keys after them in the order they came.
    List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingInt(e -> rank.getOrDefault(e.getKey(), Integer.MAX_VALUE)));
    ObjectNode n = F.objectNode();
    sorted.forEach(e -> n.set(e.getKey(), e.getValue()));
    return n;
  }

  private static JsonNode workflowNode(Workflow w) {
    ObjectNode n = F.objectNode();
    if (!w.rules().isEmpty()) {
      n.set("rules", rulesNode(w.rules()));
    }
    w.other().forEach(n::set);
    return n;
  }

  private static JsonNode rulesNode(List<Rule> rules) {
    ArrayNode a = F.arrayNode();
    for (Rule r : rules) {
      if (r.condition().isEmpty() && r.when().isEmpty() && r.other().size() == 1
          && r.other().containsKey("!reference")) {
        a.add(r.other().get("!reference"));
        continue;
      }
      ObjectNode n = F.objectNode();
      r.condition().ifPresent(c -> n.put("if", c));
      r.other().forEach(n::set);
      r.when().ifPresent(w -> n.put("when", w));
      a.add(n);
    }
    return a;
  }

  static JsonNode needsNode(List<Need> needs) {
    ArrayNode a = F.arrayNode();
    for (Need need : needs) {
      if (need.bare() && need.isLocal() && need.artifacts().isEmpty() && need.optional().isEmpty()
          && need.other().isEmpty()) {
        a.add(need.job());
        continue;
      }
      ObjectNode n = F.objectNode();
      n.put("job", need.job());
      need.pipeline().ifPresent(p -> n.put("pipeline", p));
      need.artifacts().ifPresent(v -> n.set("artifacts", BooleanNode.valueOf(v)));
      need.optional().ifPresent(v -> n.set("optional", BooleanNode.valueOf(v)));
      need.other().forEach(n::set);
      a.add(n);
    }
    return a;
  }

  private static JsonNode triggerNode(TriggerJob.Trigger t) {
    ObjectNode n = F.objectNode();
    if (!t.include().isEmpty()) {
      ArrayNode a = n.putArray("include");
      for (TriggerJob.Include inc : t.include()) {
        ObjectNode i = F.objectNode();
        inc.artifact().ifPresent(v -> i.put("artifact", v));
        inc.job().ifPresent(v -> i.put("job", v));
        inc.other().forEach(i::set);
        a.add(i);
      }
    }
    t.strategy().ifPresent(s -> n.put("strategy", s));
    t.other().forEach(n::set);
    return n;
  }

  static JsonNode variablesNode(Variables v) {
    ObjectNode n = F.objectNode();
    v.values().forEach(n::set);
    return n;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = F.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static Map<String, Integer> rank(List<String> order) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      m.put(order.get(i), i);
    }
    return Map.copyOf(m);
  }
}
