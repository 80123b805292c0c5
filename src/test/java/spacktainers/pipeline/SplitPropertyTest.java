package spacktainers.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import spacktainers.yaml.YamlDocument;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/**
 * The splitter's laws, on random dependency graphs spread over several containers (each container holds the
 * closure of its roots, so specs repeat across files): reading the written files back gives every spec
 * exactly once; every dependency is either a {@code needs} inside the same file on an earlier stage or in a
 * file whose trigger runs earlier; every file is within the limits and passes {@code pipeline check}.
 */
class SplitPropertyTest {
  private static final GitLabSchema SCHEMA = new GitLabSchema();
  private static final YamlReader YAML = new YamlReader(YamlLimits.PIPELINE);

  @Property(tries = 60)
  void splitThenMergeKeepsEveryJobOnceAndEveryEdge(@ForAll long seed, @ForAll @IntRange(min = 1, max = 70) int specs,
      @ForAll @IntRange(min = 1, max = 4) int containers, @ForAll @IntRange(min = 1, max = 12) int maxJobs,
      @ForAll @IntRange(min = 3_000, max = 30_000) int maxBytes) {
    Random random = new Random(seed);
    // deps.get(i): specs that spec i needs; only lower indexes, so the graph is acyclic.
    List<Set<Integer>> deps = new ArrayList<>();
    for (int i = 0; i < specs; i++) {
      Set<Integer> d = new TreeSet<>();
      int n = i == 0 ? 0 : random.nextInt(Math.min(i, 6) + 1);
      for (int k = 0; k < n; k++) {
        d.add(random.nextInt(i));
      }
      deps.add(d);
    }
    List<SpackOutput> inputs = new ArrayList<>();
    for (int c = 0; c < containers; c++) {
      Set<Integer> roots = new TreeSet<>();
      for (int k = 0; k <= random.nextInt(3); k++) {
        roots.add(random.nextInt(specs));
      }
      inputs.add(container(c, closure(roots, deps), deps));
    }
    PipelineLimits limits = PipelineLimits.GITLAB_DEFAULTS.withMaxJobs(maxJobs).withMaxBytes(maxBytes);
    SplitResult result = Splitter.split(inputs, new Splitter.Options("x86_64", limits, "split", "generate", "1",
        ArchSettings.NONE));

    Set<Integer> expected = new TreeSet<>();
    inputs.forEach(in -> in.jobs().forEach(j -> {
      if (SpackJobKind.of(j.name()) == SpackJobKind.BUILD) {
        expected.add(spec(j.name()));
      }
    }));
    Map<Integer, Integer> fileOf = new HashMap<>();
    Map<Integer, Job> jobOf = new HashMap<>();
    Map<Integer, List<String>> stagesOfFile = new HashMap<>();
    PipelineChecker checker = new PipelineChecker(SCHEMA, limits);
    for (int f = 0; f < result.children().size(); f++) {
      SplitResult.PipelineFile file = result.children().get(f);
      assertTrue(file.yaml().getBytes(StandardCharsets.UTF_8).length <= maxBytes, file.fileName() + " too big");
      YamlDocument doc = YAML.parse(file.yaml(), file.fileName());
      PipelineChecker.Report report = checker.check(doc);
      assertEquals(List.of(), report.problems(), file.yaml());
      Pipeline read = PipelineReader.read(doc);
      assertTrue(read.jobs().size() <= maxJobs, file.fileName() + " has too many jobs");
      stagesOfFile.put(f, read.stages());
      for (PipelineJob job : read.jobs()) {
        if (SpackJobKind.of(job.name()) != SpackJobKind.BUILD) {
          continue;
        }
        int spec = spec(job.name());
        Integer before = fileOf.put(spec, f);
        assertEquals(null, before, "spec " + spec + " is in two files");
        jobOf.put(spec, (Job) job);
      }
    }
    assertEquals(expected, fileOf.keySet(), "every spec exactly once");
    for (int spec : expected) {
      Job job = jobOf.get(spec);
      Set<String> localNeeds = new LinkedHashSet<>();
      job.localNeeds().forEach(n -> localNeeds.add(n.job()));
      for (int dep : deps.get(spec)) {
        int depFile = fileOf.get(dep);
        int file = fileOf.get(spec);
        if (depFile == file) {
          assertTrue(localNeeds.contains(name(dep)), job.name() + " lost its need on " + name(dep));
          List<String> stages = stagesOfFile.get(file);
          assertTrue(stages.indexOf(jobOf.get(dep).stage().orElseThrow())
              < stages.indexOf(job.stage().orElseThrow()), "a need must run in an earlier stage");
        } else {
          assertTrue(depFile < file, name(dep) + " must be in an earlier file than " + job.name());
        }
      }
    }
    assertTriggerOrder(result);
  }

  /** The trigger jobs include the children in order, each needing the previous one, without when: always. */
  private static void assertTriggerOrder(SplitResult result) {
    List<TriggerJob> triggers = result.trigger().pipeline().jobs().stream()
        .filter(TriggerJob.class::isInstance).map(TriggerJob.class::cast).toList();
    assertEquals(result.children().size(), triggers.size());
    for (int i = 0; i < triggers.size(); i++) {
      TriggerJob t = triggers.get(i);
      assertEquals("split/" + result.children().get(i).fileName(), t.trigger().include().get(0).artifact().get());
      assertEquals(Optional.of("depend"), t.trigger().strategy());
      boolean finish = result.children().get(i).fileName().contains("finish");
      assertEquals(finish ? Optional.of("always") : Optional.empty(), t.when());
      if (i > 0) {
        String previous = triggers.get(i - 1).name();
        assertTrue(t.needs().orElseThrow().stream().anyMatch(n -> n.job().equals(previous)));
      }
    }
  }

  private static Set<Integer> closure(Set<Integer> roots, List<Set<Integer>> deps) {
    Set<Integer> all = new TreeSet<>();
    List<Integer> todo = new ArrayList<>(roots);
    while (!todo.isEmpty()) {
      int s = todo.remove(todo.size() - 1);
      if (all.add(s)) {
        todo.addAll(deps.get(s));
      }
    }
    return all;
  }

  /** A container's generated pipeline: its specs at Spack's levels, plus the index job. */
  private static SpackOutput container(int c, Set<Integer> specs, List<Set<Integer>> deps) {
    Map<Integer, Integer> level = new HashMap<>();
    for (int s : specs) { // ascending: dependencies (lower indexes) come first
      level.put(s, deps.get(s).stream().mapToInt(d -> level.get(d) + 1).max().orElse(0));
    }
    int maxLevel = level.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<String> stages = new ArrayList<>();
    for (int i = 0; i <= maxLevel; i++) {
      stages.add("stage-" + i);
    }
    stages.add("stage-rebuild-index");
    JsonNodeFactory f = JsonNodeFactory.instance;
    List<Job> jobs = new ArrayList<>();
    for (int s : specs) {
      List<Need> needs = new ArrayList<>();
      deps.get(s).forEach(d -> needs.add(Need.of(name(d), false)));
      needs.add(Need.ofPipeline("4711", "generate-" + c));
      Map<String, JsonNode> other = new LinkedHashMap<>();
      other.put("script", f.arrayNode().add("spack ci rebuild"));
      jobs.add(new Job(name(s), Optional.of("stage-" + level.get(s)), List.of("spack"), Optional.of(needs),
          Optional.empty(), new Variables(Map.of("SPACK_JOB_SPEC_DAG_HASH", f.textNode(hash(s)))), List.of(),
          Optional.empty(), other));
    }
    Map<String, JsonNode> index = new LinkedHashMap<>();
    index.put("script", f.arrayNode().add("spack buildcache update-index buildcache-destination"));
    jobs.add(new Job("rebuild-index", Optional.of("stage-rebuild-index"), List.of(), Optional.of(List.of()),
        Optional.empty(), Variables.NONE, List.of(), Optional.of("always"), index));
    return new SpackOutput("c" + c + ".yml", Optional.of(Workflow.ALWAYS), stages,
        new Variables(Map.of("SPACK_CI_STACK_NAME", f.textNode("c" + c))), jobs);
  }

  private static String name(int spec) {
    return "pkg" + spec + "@1.0 /" + hash(spec);
  }

  private static String hash(int spec) {
    return String.format("h%031d", spec);
  }

  private static int spec(String jobName) {
    return Integer.parseInt(jobName.substring(3, jobName.indexOf('@')));
  }
}
