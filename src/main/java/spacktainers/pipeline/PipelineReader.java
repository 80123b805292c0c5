package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import spacktainers.common.Problems;
import spacktainers.common.Shown;
import spacktainers.yaml.YamlDocument;

/**
 * Turns a parsed GitLab CI file into a {@link Pipeline}. Every form GitLab allows for the modelled keys is
 * accepted ({@code needs} as names or mappings, {@code trigger} as a project path or a mapping, ...); a
 * wrong shape is reported with its file, line and key path, all problems at once.
 */
public final class PipelineReader {
  /** Top-level keys that are not jobs. */
  public static final Set<String> RESERVED = Set.of("stages", "variables", "workflow", "default", "include", "image",
      "services", "before_script", "after_script", "cache", "spec", "types");

  private PipelineReader() {}

  public static Pipeline read(YamlDocument doc) {
    Problems problems = new Problems();
    Pipeline p = read(doc, problems);
    problems.throwIfAny();
    return p;
  }

  /** Reads what can be read; shape problems go to {@code problems}. */
  public static Pipeline read(YamlDocument doc, Problems problems) {
    JsonNode root = doc.root();
    if (root.isNull() || root.isMissingNode() || root.isObject() && root.isEmpty()) {
      problems.add(doc.source(), "the file is empty; a pipeline needs at least one job");
      return new Pipeline(Optional.empty(), List.of(), Variables.NONE, List.of(), Map.of());
    }
    if (!root.isObject()) {
      problems.add(doc.where(""), "a pipeline file must be a mapping of keys to jobs and settings");
      return new Pipeline(Optional.empty(), List.of(), Variables.NONE, List.of(), Map.of());
    }
    Reader r = new Reader(doc, problems);
    Optional<Workflow> workflow = Optional.empty();
    List<String> stages = List.of();
    Variables variables = Variables.NONE;
    List<PipelineJob> jobs = new ArrayList<>();
    Map<String, JsonNode> other = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      switch (key) {
        case "workflow" -> workflow = Optional.of(r.workflow(value, key));
        case "stages", "types" -> stages = r.strings(value, key);
        case "variables" -> variables = r.variables(value, key);
        default -> {
          if (RESERVED.contains(key)) {
            other.put(key, value);
          } else {
            r.job(key, value).ifPresent(jobs::add);
          }
        }
      }
    }
    return new Pipeline(workflow, stages, variables, jobs, other);
  }

  private static final class Reader {
    private final YamlDocument doc;
    private final Problems problems;

    Reader(YamlDocument doc, Problems problems) {
      this.doc = doc;
      this.problems = problems;
    }

    private void problem(String path, String message) {
      problems.add(doc.where(path), message);
    }

    Optional<PipelineJob> job(String name, JsonNode value) {
      if (!value.isObject()) {
        problem(name, "a job must be a mapping of keywords, not " + describe(value));
        return Optional.empty();
      }
      if (value.has("trigger")) {
        return Optional.of(triggerJob(name, value));
      }
      CommonKeys common = new CommonKeys();
      List<String> tags = List.of();
      Optional<List<String>> dependencies = Optional.empty();
      Map<String, JsonNode> other = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        String path = YamlDocument.child(name, e.getKey());
        JsonNode v = e.getValue();
        if (common.take(e.getKey(), v, path)) {
          continue;
        }
        switch (e.getKey()) {
          case "tags" -> tags = strings(v, path);
          case "dependencies" -> dependencies = Optional.of(strings(v, path));
          default -> other.put(e.getKey(), v);
        }
      }
      return Optional.of(new Job(name, common.stage, tags, common.needs, dependencies, common.variables,
          common.rules, common.when, other));
    }

    private TriggerJob triggerJob(String name, JsonNode value) {
      CommonKeys common = new CommonKeys();
      TriggerJob.Trigger trigger = new TriggerJob.Trigger(List.of(), Optional.empty(), Map.of());
      Map<String, JsonNode> other = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        String path = YamlDocument.child(name, e.getKey());
        if (common.take(e.getKey(), e.getValue(), path)) {
          continue;
        }
        if (e.getKey().equals("trigger")) {
          trigger = trigger(e.getValue(), path);
        } else {
          other.put(e.getKey(), e.getValue());
        }
      }
      return new TriggerJob(name, common.stage, common.needs, common.variables, common.rules, common.when, trigger,
          other);
    }

    /** The keys both kinds of job share, collected while walking a job's keys. */
    private final class CommonKeys {
      Optional<String> stage = Optional.empty();
      Optional<List<Need>> needs = Optional.empty();
      Variables variables = Variables.NONE;
      List<Rule> rules = List.of();
      Optional<String> when = Optional.empty();

      /** Reads {@code key} if it is one of the shared keys; false leaves it to the caller. */
      boolean take(String key, JsonNode v, String path) {
        switch (key) {
          case "stage" -> stage = text(v, path);
          case "needs" -> needs = Optional.of(needs(v, path));
          case "variables" -> variables = variables(v, path);
          case "rules" -> rules = rules(v, path);
          case "when" -> when = text(v, path);
          default -> {
            return false;
          }
        }
        return true;
      }
    }

    private TriggerJob.Trigger trigger(JsonNode v, String path) {
      if (v.isTextual()) {
        return new TriggerJob.Trigger(List.of(), Optional.empty(), Map.of("project", v));
      }
      if (!v.isObject()) {
        problem(path, "trigger must be a project path or a mapping, not " + describe(v));
        return new TriggerJob.Trigger(List.of(), Optional.empty(), Map.of());
      }
      List<TriggerJob.Include> include = new ArrayList<>();
      Optional<String> strategy = Optional.empty();
      Map<String, JsonNode> other = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        String p = YamlDocument.child(path, e.getKey());
        switch (e.getKey()) {
          case "include" -> include = includes(e.getValue(), p);
          case "strategy" -> strategy = text(e.getValue(), p);
          default -> other.put(e.getKey(), e.getValue());
        }
      }
      return new TriggerJob.Trigger(include, strategy, other);
    }

    private List<TriggerJob.Include> includes(JsonNode v, String path) {
      if (v.isTextual()) {
        return List.of(new TriggerJob.Include(Optional.empty(), Optional.empty(), Map.of("local", v)));
      }
      List<TriggerJob.Include> out = new ArrayList<>();
      JsonNode seq = sequence(v, path);
      for (int i = 0; i < seq.size(); i++) {
        JsonNode item = seq.get(i);
        String p = YamlDocument.item(path, i);
        if (item.isTextual()) {
          out.add(new TriggerJob.Include(Optional.empty(), Optional.empty(), Map.of("local", item)));
        } else if (item.isObject()) {
          Map<String, JsonNode> other = new LinkedHashMap<>();
          item.properties().forEach(e -> other.put(e.getKey(), e.getValue()));
          Optional<String> artifact = Optional.ofNullable(other.remove("artifact"))
              .flatMap(a -> text(a, p + ".artifact"));
          Optional<String> job = Optional.ofNullable(other.remove("job")).flatMap(j -> text(j, p + ".job"));
          out.add(new TriggerJob.Include(artifact, job, other));
        } else {
          problem(p, "an include must be a file name or a mapping, not " + describe(item));
        }
      }
      return out;
    }

    List<Need> needs(JsonNode v, String path) {
      List<Need> out = new ArrayList<>();
      JsonNode seq = sequence(v, path);
      for (int i = 0; i < seq.size(); i++) {
        JsonNode item = seq.get(i);
        String p = YamlDocument.item(path, i);
        if (item.isTextual()) {
          out.add(Need.of(item.textValue()));
        } else if (item.isObject()) {
          need(item, p).ifPresent(out::add);
        } else {
          problem(p, "a need must be a job name or a mapping with 'job', not " + describe(item));
        }
      }
      return out;
    }

    private Optional<Need> need(JsonNode item, String path) {
      Optional<String> job = Optional.empty();
      Optional<String> pipeline = Optional.empty();
      Optional<Boolean> artifacts = Optional.empty();
      Optional<Boolean> optional = Optional.empty();
      Map<String, JsonNode> other = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : item.properties()) {
        String p = YamlDocument.child(path, e.getKey());
        JsonNode v = e.getValue();
        switch (e.getKey()) {
          case "job" -> job = text(v, p);
          // Spack quotes the id; an unquoted one is a number and means the same.
          case "pipeline" -> pipeline = v.isNumber() ? Optional.of(v.asText()) : text(v, p);
          case "artifacts" -> artifacts = bool(v, p);
          case "optional" -> optional = bool(v, p);
          default -> other.put(e.getKey(), v);
        }
      }
      if (job.isEmpty()) {
        if (!item.has("job")) {
          problem(path, "a need written as a mapping must name its 'job'");
        }
        return Optional.empty();
      }
      return Optional.of(new Need(job.get(), pipeline, artifacts, optional, other, false));
    }

    Workflow workflow(JsonNode v, String path) {
      if (!v.isObject()) {
        problem(path, "workflow must be a mapping, not " + describe(v));
        return new Workflow(List.of(), Map.of());
      }
      List<Rule> rules = List.of();
      Map<String, JsonNode> other = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (e.getKey().equals("rules")) {
          rules = rules(e.getValue(), YamlDocument.child(path, "rules"));
        } else {
          other.put(e.getKey(), e.getValue());
        }
      }
      return new Workflow(rules, other);
    }

    List<Rule> rules(JsonNode v, String path) {
      List<Rule> out = new ArrayList<>();
      JsonNode seq = sequence(v, path);
      for (int i = 0; i < seq.size(); i++) {
        JsonNode item = seq.get(i);
        String p = YamlDocument.item(path, i);
        if (!item.isObject()) {
          // GitLab allows !reference entries here; they arrive as text and are kept as a rule's only key.
          out.add(new Rule(Optional.empty(), Optional.empty(), Map.of("!reference", item)));
          continue;
        }
        Optional<String> condition = Optional.empty();
        Optional<String> when = Optional.empty();
        Map<String, JsonNode> other = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : item.properties()) {
          switch (e.getKey()) {
            case "if" -> condition = text(e.getValue(), YamlDocument.child(p, "if"));
            case "when" -> when = text(e.getValue(), YamlDocument.child(p, "when"));
            default -> other.put(e.getKey(), e.getValue());
          }
        }
        out.add(new Rule(condition, when, other));
      }
      return out;
    }

    Variables variables(JsonNode v, String path) {
      if (v.isNull()) {
        return Variables.NONE;
      }
      if (!v.isObject()) {
        problem(path, "variables must be a mapping of names to values, not " + describe(v));
        return Variables.NONE;
      }
      Map<String, JsonNode> m = new LinkedHashMap<>();
      v.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
      return new Variables(m);
    }

    List<String> strings(JsonNode v, String path) {
      if (v.isTextual()) {
        return List.of(v.textValue());
      }
      List<String> out = new ArrayList<>();
      JsonNode seq = sequence(v, path);
      for (int i = 0; i < seq.size(); i++) {
        JsonNode item = seq.get(i);
        if (item.isTextual() || item.isNumber()) {
          out.add(item.asText());
        } else {
          problem(YamlDocument.item(path, i), "expected a name, not " + describe(item));
        }
      }
      return out;
    }

    private JsonNode sequence(JsonNode v, String path) {
      if (v.isArray()) {
        return v;
      }
      if (!v.isNull()) {
        problem(path, "expected a list, not " + describe(v));
      }
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }

    private Optional<String> text(JsonNode v, String path) {
      if (v.isTextual()) {
        return Optional.of(v.textValue());
      }
      problem(path, "expected text, not " + describe(v));
      return Optional.empty();
    }

    private Optional<Boolean> bool(JsonNode v, String path) {
      if (v.isBoolean()) {
        return Optional.of(v.booleanValue());
      }
      problem(path, "expected true or false, not " + describe(v));
      return Optional.empty();
    }
  }

  static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isNull()) {
      return "an empty value";
    }
    return (v.isTextual() ? "the text " : "the value ") + Shown.value(v.asText());
  }
}
