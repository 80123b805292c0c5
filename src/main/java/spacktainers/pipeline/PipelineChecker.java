package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import spacktainers.common.Problem;
import spacktainers.common.Problems;
import spacktainers.yaml.YamlDocument;

/**
 * Checks one GitLab CI file against GitLab's JSON schema and the limits GitLab enforces but the schema does
 * not: estimated parsed size, YAML depth, job-name lengths, needs per job and the name length of needed jobs,
 * files per {@code trigger:include}, stages that exist, needs and dependencies on jobs of the same file that
 * exist and do not run later, artifact includes from jobs that exist, and cycles. Pure: the caller reads.
 */
public final class PipelineChecker {
  private final GitLabSchema schema;
  private final PipelineLimits limits;

  public PipelineChecker(GitLabSchema schema, PipelineLimits limits) {
    this.schema = schema;
    this.limits = limits;
  }

  /** What the check found: problems (empty when the file is fine) and the figures behind them. */
  public record Report(List<Problem> problems, int jobs, long parsedBytes) {
    public Report {
      problems = List.copyOf(problems);
    }
  }

  public PipelineLimits limits() {
    return limits;
  }

  public Report check(YamlDocument doc) {
    Problems problems = new Problems();
    for (GitLabSchema.Violation v : schema.validate(doc.root())) {
      problems.add(doc.where(v.keyPath()), "schema: " + v.message());
    }
    long parsed = ParsedSize.of(doc.root());
    if (parsed > limits.maxParsedBytes()) {
      problems.add(doc.source(), "estimated parsed size " + parsed + " bytes is over GitLab's max_yaml_size_bytes of "
          + limits.maxParsedBytes(), "split the file; the estimate counts Ruby objects of the alias-expanded "
          + "document (see docs/pipelines.md)");
    }
    int depth = depth(doc.root());
    if (depth > limits.maxDepth()) {
      problems.add(doc.source(), "the YAML is nested " + depth + " levels deep, more than GitLab's max_yaml_depth of "
          + limits.maxDepth());
    }
    YamlDocument jobsDoc = Extends.resolve(doc, problems);
    Pipeline p = PipelineReader.read(jobsDoc, problems);
    List<PipelineJob> jobs = p.jobs().stream().filter(j -> !j.name().startsWith(".")).toList();
    Map<String, PipelineJob> byName = new HashMap<>();
    jobs.forEach(j -> byName.put(j.name(), j));
    List<String> stages = p.effectiveStages();
    for (PipelineJob job : jobs) {
      checkJob(doc, job, byName, stages, problems);
    }
    if (limits.maxJobs() > 0 && jobs.size() > limits.maxJobs()) {
      problems.add(doc.source(), jobs.size() + " jobs, more than the limit of " + limits.maxJobs()
          + " per pipeline (ci_pipeline_size)");
    }
    cycles(doc, jobs, problems);
    if (jobs.isEmpty() && p.jobs().isEmpty() && problems.isEmpty()) {
      problems.add(doc.source(), "the pipeline has no jobs; GitLab refuses to create it");
    }
    return new Report(problems.list(), jobs.size(), parsed);
  }

  private void checkJob(YamlDocument doc, PipelineJob job, Map<String, PipelineJob> byName, List<String> stages,
      Problems problems) {
    String name = job.name();
    if (name.length() > limits.maxJobNameLength()) {
      problems.add(doc.where(name), "job name is " + name.length() + " characters, more than GitLab's "
          + limits.maxJobNameLength());
    }
    String stage = job.stage().orElse("test");
    int stageIndex = stages.indexOf(stage);
    if (stageIndex < 0) {
      problems.add(doc.where(YamlDocument.child(name, "stage")), "stage '" + stage + "' is not in the stages list"
          + (job.stage().isEmpty() ? " (a job without 'stage' runs in 'test')" : ""));
    }
    List<Need> needs = job.needs().orElse(List.of());
    if (needs.size() > limits.maxNeeds()) {
      problems.add(doc.where(YamlDocument.child(name, "needs")), needs.size() + " needs, more than GitLab's limit of "
          + limits.maxNeeds());
    }
    for (int i = 0; i < needs.size(); i++) {
      Need n = needs.get(i);
      String where = doc.where(YamlDocument.item(YamlDocument.child(name, "needs"), i));
      if (n.job().length() > limits.maxNeedsNameLength()) {
        problems.add(where, "needs a job whose name is " + n.job().length() + " characters; GitLab allows "
            + limits.maxNeedsNameLength() + " for jobs named in needs");
      }
      if (n.isLocal()) {
        needsJob(where, "needs", n.job(), n.isOptional(), stageIndex, byName, stages, problems);
      } else if (job instanceof TriggerJob && n.pipeline().isPresent()) {
        problems.add(where, "a trigger job cannot use needs:pipeline:job");
      }
    }
    if (job instanceof Job j && j.dependencies().isPresent()) {
      List<String> deps = j.dependencies().get();
      for (int i = 0; i < deps.size(); i++) {
        String where = doc.where(YamlDocument.item(YamlDocument.child(name, "dependencies"), i));
        needsJob(where, "depends on", deps.get(i), false, stageIndex, byName, stages, problems);
      }
    }
    if (job instanceof TriggerJob t) {
      List<TriggerJob.Include> includes = t.trigger().include();
      String path = YamlDocument.child(YamlDocument.child(name, "trigger"), "include");
      if (includes.size() > limits.maxTriggerIncludes()) {
        problems.add(doc.where(path), includes.size() + " files in trigger:include; GitLab allows "
            + limits.maxTriggerIncludes());
      }
      for (int i = 0; i < includes.size(); i++) {
        TriggerJob.Include inc = includes.get(i);
        if (inc.artifact().isPresent() && inc.job().isPresent()) {
          needsJob(doc.where(YamlDocument.item(path, i)), "includes an artifact of", inc.job().get(), false,
              stageIndex, byName, stages, problems);
        }
      }
    }
  }

  private static void needsJob(String where, String verb, String target, boolean optional, int stageIndex,
      Map<String, PipelineJob> byName, List<String> stages, Problems problems) {
    PipelineJob other = byName.get(target);
    if (other == null) {
      if (!optional) {
        problems.add(where, verb + " job '" + target + "', which is not in this file");
      }
      return;
    }
    int otherStage = stages.indexOf(other.stage().orElse("test"));
    if (stageIndex >= 0 && otherStage > stageIndex) {
      problems.add(where, verb + " job '" + target + "', which runs in a later stage ('"
          + other.stage().orElse("test") + "')");
    }
  }

  private static void cycles(YamlDocument doc, List<PipelineJob> jobs, Problems problems) {
    Map<String, PipelineJob> byName = new HashMap<>();
    jobs.forEach(j -> byName.put(j.name(), j));
    Map<String, Integer> placed = Cycles.levels(byName.keySet(),
        n -> byName.get(n).localNeeds().stream().map(Need::job).toList());
    if (placed.size() < jobs.size()) {
      Set<String> left = new HashSet<>(byName.keySet());
      left.removeAll(placed.keySet());
      List<String> cycle = Cycles.find(left, n -> byName.get(n).localNeeds().stream().map(Need::job).toList());
      problems.add(doc.where(YamlDocument.child(cycle.get(0), "needs")), "needs form a cycle: "
          + String.join(" -> ", cycle));
    }
  }

  private static int depth(JsonNode node) {
    int max = 0;
    ArrayDeque<Map.Entry<JsonNode, Integer>> stack = new ArrayDeque<>();
    stack.push(Map.entry(node, 1));
    while (!stack.isEmpty()) {
      Map.Entry<JsonNode, Integer> e = stack.pop();
      JsonNode n = e.getKey();
      if (n.isContainerNode()) {
        max = Math.max(max, e.getValue());
        for (JsonNode c : n) {
          stack.push(Map.entry(c, e.getValue() + 1));
        }
      }
    }
    return max;
  }
}
