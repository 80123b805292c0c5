package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import spacktainers.common.Problems;
import spacktainers.common.Shown;
import spacktainers.yaml.YamlWriter;

/**
 * Merges {@code spack ci generate} outputs and cuts them into child pipelines that each stay within
 * {@link PipelineLimits}, plus a trigger pipeline that runs the children one after the other.
 *
 * <p>The steps: skip no-op files; keep variables common to every file global and push the others into that
 * file's jobs; de-duplicate build jobs by DAG hash, keeping the one in the earliest Spack stage and pointing
 * every {@code needs} at it; recompute levels (longest path to a job without needs) over the merged graph,
 * which become the stages; shorten names too long to be needed; then fill files in (level, name) order,
 * starting a new file when the next job would break a limit. A need on a job in an earlier file is dropped:
 * the trigger order guarantees it. Service jobs (sign, cleanup, index) go to a last file whose trigger runs
 * {@code when: always}, so the index covers whatever was pushed; {@code wait-for-build-jobs} is dropped as the
 * trigger order does its work. Pure: no I/O, the same inputs always give the same bytes.
 */
public final class Splitter {
  public static final String TRIGGER_FILE = "pipeline.yml";
  private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * @param arch the architecture these pipelines build for (names files and jobs)
   * @param limits limits every written file stays within
   * @param artifactDir where the output folder is, relative to {@code $CI_PROJECT_DIR}, as GitLab sees it
   * @param sourceJob the job (in the parent pipeline) that ran {@code split} and keeps the files as artifacts
   * @param sourcePipeline that job's pipeline id, or a variable holding it
   * @param settings what the architecture adds to each job
   */
  public record Options(String arch, PipelineLimits limits, String artifactDir, String sourceJob,
      String sourcePipeline, ArchSettings settings) {
    public Options {
      Objects.requireNonNull(limits);
      Objects.requireNonNull(settings);
      artifactDir = artifactDir.replace('\\', '/').replaceAll("/+$", "");
    }

    public String collectorJob() {
      // No spaces: tools that key artifacts by job name (gitlab-ci-local) handle it, and it reads in a script.
      return "collect-spack-pipelines-" + arch;
    }

    String artifact(String fileName) {
      return artifactDir.isEmpty() || artifactDir.equals(".") ? fileName : artifactDir + "/" + fileName;
    }
  }

  private final Options o;
  private final Problems problems = new Problems();

  private Splitter(Options options) {
    this.o = options;
  }

  public static SplitResult split(List<SpackOutput> inputs, Options options) {
    return new Splitter(options).run(inputs);
  }

  /** File name of the i-th (1-based) of n build child pipelines. */
  public static String childFile(String arch, int i, int n) {
    int width = Math.max(2, String.valueOf(n).length());
    return "spack-" + arch + "-" + String.format("%0" + width + "d", i) + ".yml";
  }

  /** File name of the i-th (1-based) of n finishing child pipelines; normally there is one. */
  public static String finishFile(String arch, int i, int n) {
    return "spack-" + arch + "-finish" + (n == 1 ? "" : "-" + i) + ".yml";
  }

  private SplitResult run(List<SpackOutput> inputs) {
    checkOptions();
    problems.throwIfAny();
    List<SpackOutput> real = inputs.stream().filter(f -> !f.isNoop()).toList();
    int noopFiles = inputs.size() - real.size();
    Workflow workflow = (real.isEmpty() ? inputs : real).stream().map(SpackOutput::workflow)
        .flatMap(Optional::stream).findFirst().orElse(Workflow.ALWAYS);
    Variables common = commonVariables(real);

    Merged merged = merge(real, common);
    problems.throwIfAny();
    if (merged.builds.isEmpty() && merged.finishing.isEmpty()) {
      Job noop = inputs.stream().flatMap(f -> f.jobs().stream())
          .filter(j -> SpackJobKind.of(j.name()) == SpackJobKind.NOOP).findFirst()
          .orElseGet(this::syntheticNoop);
      Pipeline trigger = new Pipeline(Optional.of(workflow), List.of(), Variables.NONE,
          List.of(withArch(noop, SpackJobKind.NOOP)), Map.of());
      return new SplitResult(new SplitResult.PipelineFile(TRIGGER_FILE, trigger, PipelineWriter.write(trigger)),
          List.of(), new SplitResult.Stats(inputs.size(), noopFiles, merged.buildJobsRead, 0, List.of()));
    }

    Map<String, Integer> levels = levels(merged.builds);
    problems.throwIfAny();
    Map<String, String> renames = shortenNames(merged);
    problems.throwIfAny();
    List<Job> builds = new ArrayList<>();
    for (Job j : merged.builds.values()) {
      Job renamed = rename(j, renames);
      builds.add(withArch(renamed, SpackJobKind.of(j.name())).withStage("stage-" + levels.get(j.name())));
    }
    builds.sort(Comparator.comparingInt(
        (Job j) -> Integer.parseInt(j.stage().orElseThrow().substring("stage-".length()))).thenComparing(Job::name));

    List<SplitResult.PipelineFile> children = new ArrayList<>();
    List<FileBuilder> packed = pack(builds, workflow, common);
    List<FileBuilder> finish = pack(finishing(merged.finishing, renames), workflow, common);
    problems.throwIfAny();
    for (int i = 0; i < packed.size(); i++) {
      children.add(packed.get(i).build(childFile(o.arch(), i + 1, packed.size())));
    }
    for (int i = 0; i < finish.size(); i++) {
      children.add(finish.get(i).build(finishFile(o.arch(), i + 1, finish.size())));
    }
    Pipeline trigger = triggerPipeline(workflow, common, children, finish.size());
    List<String> renamed = renames.entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue()).toList();
    return new SplitResult(new SplitResult.PipelineFile(TRIGGER_FILE, trigger, PipelineWriter.write(trigger)),
        children, new SplitResult.Stats(inputs.size(), noopFiles, merged.buildJobsRead,
            (int) merged.builds.values().stream().filter(j -> SpackJobKind.of(j.name()) == SpackJobKind.BUILD)
                .count(), renamed));
  }

  private void checkOptions() {
    if (!ARCH.matcher(o.arch()).matches()) {
      problems.add("--arch", Shown.value(o.arch()) + " is not a usable architecture name (letters, digits, . _ -)");
    }
    if (o.artifactDir().startsWith("/") || o.artifactDir().matches("(.*/)?\\.\\.(/.*)?")) {
      problems.add("--artifact-path", Shown.value(o.artifactDir()) + " must be relative to $CI_PROJECT_DIR and stay "
          + "inside it",
          "give the output folder as the job sees it, e.g. --artifact-path split-" + o.arch());
    }
    if (o.sourceJob().isBlank()) {
      problems.add("--source-job", "name the job that runs split (CI_JOB_NAME is not set)");
    }
  }

  /** Variables set to the same value by every file: they stay global; the rest move into the jobs. */
  private static Variables commonVariables(List<SpackOutput> files) {
    if (files.isEmpty()) {
      return Variables.NONE;
    }
    Map<String, JsonNode> common = new LinkedHashMap<>(files.get(0).variables().values());
    for (SpackOutput f : files.subList(1, files.size())) {
      common.entrySet().removeIf(e -> !e.getValue().equals(f.variables().values().get(e.getKey())));
    }
    return new Variables(common);
  }

  /** The merged job set: build jobs by final name, finishing service jobs, and what was read. */
  private record Merged(Map<String, Job> builds, List<Job> finishing, int buildJobsRead) {}

  private Merged merge(List<SpackOutput> files, Variables common) {
    record Candidate(int file, int stageIndex, Job job) {}
    Map<String, Candidate> best = new LinkedHashMap<>();
    List<Map<String, String>> keyOfName = new ArrayList<>();
    List<Set<String>> dropped = new ArrayList<>();
    int buildJobsRead = 0;
    for (int f = 0; f < files.size(); f++) {
      SpackOutput file = files.get(f);
      Variables pushed = file.variables().without(common.values().keySet());
      Map<String, String> keys = new HashMap<>();
      Set<String> drop = new HashSet<>();
      for (Job job : file.jobs()) {
        SpackJobKind kind = SpackJobKind.of(job.name());
        switch (kind) {
          case NOOP, WAIT -> drop.add(job.name());
          default -> {
            String key = switch (kind) {
              case BUILD -> "spec " + SpackOutput.specKey(job);
              default -> "service " + job.name();
            };
            if (kind == SpackJobKind.BUILD) {
              buildJobsRead++;
            }
            keys.put(job.name(), key);
            int stage = job.stage().map(s -> file.stages().indexOf(s)).filter(i -> i >= 0).orElse(Integer.MAX_VALUE);
            Candidate c = new Candidate(f, stage, job.withVariables(job.variables().withDefaults(pushed)));
            Candidate old = best.get(key);
            if (old == null || stage < old.stageIndex()) {
              best.put(key, c);
            }
          }
        }
      }
      keyOfName.add(keys);
      dropped.add(drop);
    }
    Map<String, String> keyByFinalName = new HashMap<>();
    for (Map.Entry<String, Candidate> e : best.entrySet()) {
      String other = keyByFinalName.putIfAbsent(e.getValue().job().name(), e.getKey());
      if (other != null) {
        problems.add(files.get(e.getValue().file()).source(), "job '" + e.getValue().job().name()
            + "' builds a different spec than the job of the same name in another file",
            "jobs are matched by SPACK_JOB_SPEC_DAG_HASH; two specs must not share a job name");
      }
    }
    Map<String, Job> builds = new LinkedHashMap<>();
    List<Job> finishing = new ArrayList<>();
    for (Candidate c : best.values()) {
      SpackOutput file = files.get(c.file());
      Map<String, String> keys = keyOfName.get(c.file());
      Set<String> drop = dropped.get(c.file());
      java.util.function.Function<String, Optional<String>> target = name -> Optional.ofNullable(keys.get(name))
          .map(k -> best.get(k).job().name());
      Job job = c.job();
      List<Need> needs = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Need n : job.needs().orElse(List.of())) {
        if (!n.isLocal()) {
          needs.add(n);
          continue;
        }
        Optional<String> t = target.apply(n.job());
        if (t.isPresent()) {
          if (seen.add(t.get())) {
            needs.add(n.withJob(t.get()));
          }
        } else if (!drop.contains(n.job()) && !n.isOptional()) {
          problems.add(file.source() + ": " + job.name() + ".needs", "needs job '" + n.job()
              + "', which is not in this file");
        }
      }
      Optional<List<String>> deps = job.dependencies().map(ds -> ds.stream()
          .flatMap(d -> {
            Optional<String> t = target.apply(d);
            if (t.isEmpty() && !drop.contains(d)) {
              problems.add(file.source() + ": " + job.name() + ".dependencies", "depends on job '" + d
                  + "', which is not in this file");
            }
            return t.stream();
          }).distinct().toList());
      Job rewired = job.withNeeds(job.needs().map(x -> needs)).withDependencies(deps);
      if (SpackJobKind.of(job.name()).isFinishing()) {
        finishing.add(rewired);
      } else {
        builds.put(rewired.name(), rewired);
      }
    }
    for (Job j : builds.values()) {
      for (String dep : localTargets(j)) {
        if (!builds.containsKey(dep)) {
          problems.add(j.name(), "a build job needs service job '" + dep + "', which runs after all builds");
        }
      }
    }
    return new Merged(builds, finishing, buildJobsRead);
  }

  private static Set<String> localTargets(Job j) {
    Set<String> t = new LinkedHashSet<>();
    j.localNeeds().forEach(n -> t.add(n.job()));
    j.dependencies().ifPresent(t::addAll);
    return t;
  }

  /** Longest path from each job down to a job with no needs, over the merged graph. */
  private Map<String, Integer> levels(Map<String, Job> builds) {
    Map<String, Integer> level = Cycles.levels(builds.keySet(), n -> localTargets(builds.get(n)));
    if (level.size() < builds.size()) {
      Set<String> stuck = new HashSet<>(builds.keySet());
      stuck.removeAll(level.keySet());
      List<String> cycle = Cycles.find(stuck, n -> List.copyOf(localTargets(builds.get(n))));
      problems.add(cycle.get(0) + ".needs", "the merged jobs' needs form a cycle: " + String.join(" -> ", cycle));
    }
    return level;
  }

  /** Renames every job whose name is too long to appear in {@code needs}: a prefix and a hash of the name. */
  private Map<String, String> shortenNames(Merged merged) {
    int max = o.limits().maxNeedsNameLength();
    Set<String> names = new HashSet<>(merged.builds.keySet());
    merged.finishing.forEach(j -> names.add(j.name()));
    Map<String, String> renames = new java.util.TreeMap<>();
    for (String name : new TreeSet<>(names)) {
      if (name.length() <= max) {
        continue;
      }
      String hash = HexFormat.of().formatHex(sha256(name)).substring(0, 8);
      String shortName = name.substring(0, max - 10).stripTrailing() + " ~" + hash;
      if (names.contains(shortName) || renames.containsValue(shortName)) {
        problems.add(name, "cannot shorten this job name to " + max + " characters without a clash");
      }
      renames.put(name, shortName);
    }
    return renames;
  }

  private static Job rename(Job j, Map<String, String> renames) {
    if (renames.isEmpty()) {
      return j;
    }
    return j.withName(renames.getOrDefault(j.name(), j.name()))
        .withNeeds(j.needs().map(ns -> ns.stream()
            .map(n -> n.isLocal() && renames.containsKey(n.job()) ? n.withJob(renames.get(n.job())) : n).toList()))
        .withDependencies(j.dependencies().map(ds -> ds.stream().map(d -> renames.getOrDefault(d, d)).toList()));
  }

  /** Adds the architecture's tags, variables and mirror lines to a job. */
  private Job withArch(Job job, SpackJobKind kind) {
    ArchSettings s = o.settings();
    if (s.isEmpty()) {
      return job;
    }
    List<String> tags = new ArrayList<>(job.tags());
    s.tags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
    Job out = job.withTags(tags).withVariables(job.variables().withDefaults(Variables.ofStrings(s.variables())));
    if (!s.mirrors().isEmpty() && kind != SpackJobKind.NOOP && kind != SpackJobKind.WAIT) {
      out = out.with("script", withMirrors(job.get("script").orElse(F.arrayNode()), s.mirrors()));
    }
    return out;
  }

  /**
   * The script with the mirror lines right after Spack's {@code spack env activate} (so they land in the
   * environment's own config, which outranks every other scope), or first when there is no such line.
   */
  private static ArrayNode withMirrors(JsonNode script, List<ArchSettings.Mirror> mirrors) {
    List<JsonNode> lines = new ArrayList<>();
    if (script.isArray()) {
      script.forEach(lines::add);
    } else if (!script.isNull()) {
      lines.add(script);
    }
    int at = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isTextual() && lines.get(i).textValue().trim().startsWith("spack env activate")) {
        at = i + 1;
        break;
      }
    }
    ArrayNode out = F.arrayNode();
    lines.subList(0, at).forEach(out::add);
    mirrors.forEach(m -> out.add(m.command()));
    lines.subList(at, lines.size()).forEach(out::add);
    return out;
  }

  private Job syntheticNoop() {
    ArrayNode script = F.arrayNode().add("echo 'No specs to rebuild for " + o.arch() + "'");
    return new Job("no-specs-to-rebuild", Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
        Variables.NONE, List.of(), Optional.empty(), Map.of("script", script));
  }

  /** Fills files in order; a job goes to the current file unless it would break a limit there. */
  private List<FileBuilder> pack(List<Job> jobs, Workflow workflow, Variables common) {
    PipelineLimits l = o.limits();
    List<FileBuilder> files = new ArrayList<>();
    Map<String, Integer> fileOf = new HashMap<>();
    FileBuilder current = null;
    for (Job job : jobs) {
      Placed placed = current == null ? null : Placed.of(keepNeedsIn(job, files.size() - 1, fileOf));
      if (current == null || current.whyNot(placed, l) != null) {
        current = new FileBuilder(workflow, common);
        files.add(current);
        placed = Placed.of(keepNeedsIn(job, files.size() - 1, fileOf));
        String why = current.whyNot(placed, l);
        if (why != null) {
          problems.add(job.name(), why + " even alone in a child pipeline");
          continue;
        }
      }
      current.add(placed);
      fileOf.put(job.name(), files.size() - 1);
    }
    return files;
  }

  /** The job with only those local needs whose jobs are in file {@code index}; the rest ran in earlier files. */
  private static Job keepNeedsIn(Job job, int index, Map<String, Integer> fileOf) {
    Optional<List<Need>> needs = job.needs().map(ns -> ns.stream()
        .filter(n -> !n.isLocal() || Objects.equals(fileOf.get(n.job()), index)).toList());
    Optional<List<String>> deps = job.dependencies().map(ds -> ds.stream()
        .filter(d -> Objects.equals(fileOf.get(d), index)).toList());
    return job.withNeeds(needs).withDependencies(deps);
  }

  /** A job as it will be written, with its YAML and both sizes computed once. */
  private record Placed(Job job, String yaml, long bytes, long parsed) {
    static Placed of(Job job) {
      ObjectNode node = PipelineWriter.jobNode(job);
      ObjectNode entry = F.objectNode();
      entry.set(job.name(), node);
      String yaml = YamlWriter.write(entry);
      return new Placed(job, yaml, utf8(yaml), ParsedSize.pair(job.name(), node));
    }
  }

  /** The part of a child file before its jobs, for one list of stages. */
  private record Header(List<String> stages, String yaml, long bytes, int entries, long parsedWithoutRoot) {
    static Header of(Workflow workflow, Variables common, List<String> stages) {
      Pipeline p = new Pipeline(Optional.of(workflow), stages, common, List.of(), Map.of());
      ObjectNode n = PipelineWriter.toNode(p);
      String yaml = PipelineWriter.headerYaml(p);
      return new Header(List.copyOf(stages), yaml, utf8(yaml), n.size(),
          ParsedSize.of(n) - ParsedSize.hash(n.size()));
    }
  }

  /**
   * A child file being filled. Block YAML is context-free at the top level, so the file is its header plus
   * each job's own YAML, and both sizes are exact running sums.
   */
  private static final class FileBuilder {
    private final Workflow workflow;
    private final Variables common;
    private final List<Placed> jobs = new ArrayList<>();
    /** Its stages grow in the order jobs arrive, which is the order they run: jobs come sorted. */
    private Header header;
    private long jobBytes;
    private long jobParsed;

    FileBuilder(Workflow workflow, Variables common) {
      this.workflow = workflow;
      this.common = common;
      this.header = Header.of(workflow, common, List.of());
    }

    /** Why adding the job would break a limit, or null. */
    String whyNot(Placed p, PipelineLimits l) {
      int needs = p.job().needs().map(List::size).orElse(0);
      if (needs > l.maxNeeds()) {
        return "the job has " + needs + " needs, more than GitLab's limit of " + l.maxNeeds();
      }
      if (l.maxJobs() > 0 && jobs.size() + 1 > l.maxJobs()) {
        return "more than " + l.maxJobs() + " jobs";
      }
      Header h = headerWith(p.job());
      long bytes = h.bytes() + jobBytes + p.bytes();
      if (bytes > l.maxBytes()) {
        return "the file would be " + bytes + " bytes, more than --max-bytes " + l.maxBytes();
      }
      long parsed = ParsedSize.hash(h.entries() + jobs.size() + 1) + h.parsedWithoutRoot() + jobParsed + p.parsed();
      if (parsed > l.maxParsedBytes()) {
        return "the file's estimated parsed size would be " + parsed + " bytes, more than " + l.maxParsedBytes();
      }
      return null;
    }

    void add(Placed p) {
      header = headerWith(p.job());
      jobs.add(p);
      jobBytes += p.bytes();
      jobParsed += p.parsed();
    }

    private Header headerWith(Job job) {
      String stage = job.stage().orElseThrow();
      if (header.stages().contains(stage)) {
        return header;
      }
      List<String> stages = new ArrayList<>(header.stages());
      stages.add(stage);
      return Header.of(workflow, common, stages);
    }

    SplitResult.PipelineFile build(String fileName) {
      StringBuilder yaml = new StringBuilder((int) (header.bytes() + jobBytes));
      yaml.append(header.yaml());
      jobs.forEach(p -> yaml.append(p.yaml()));
      Pipeline p = new Pipeline(Optional.of(workflow), header.stages(), common,
          jobs.stream().map(j -> (PipelineJob) j.job()).toList(), Map.of());
      return new SplitResult.PipelineFile(fileName, p, yaml.toString());
    }
  }

  private static long utf8(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Service jobs in Spack's order (sign, cleanup, index), for the last child pipeline(s); their needs on
   * build jobs and on {@code wait-for-build-jobs} are met by the trigger order.
   */
  private List<Job> finishing(List<Job> jobs, Map<String, String> renames) {
    List<Job> sorted = new ArrayList<>(jobs);
    sorted.sort(Comparator.comparingInt((Job j) -> SpackJobKind.of(j.name()).ordinal()).thenComparing(Job::name));
    List<Job> out = new ArrayList<>();
    for (Job j : sorted) {
      Job r = rename(j, renames);
      if (r.stage().isEmpty()) {
        r = r.withStage("stage-" + j.name());
      }
      out.add(withArch(r, SpackJobKind.of(j.name())));
    }
    return out;
  }

  private Pipeline triggerPipeline(Workflow workflow, Variables common, List<SplitResult.PipelineFile> children,
      int finishing) {
    String collector = o.collectorJob();
    List<String> paths = children.stream().map(c -> o.artifact(c.fileName())).toList();
    Map<String, JsonNode> other = new LinkedHashMap<>();
    ArrayNode script = F.arrayNode();
    // ls fails when a file is missing, so a broken hand-over stops here with a clear log line.
    script.add("ls -l -- " + String.join(" ", paths.stream().map(ShellWords::quote).toList()));
    other.put("script", script);
    ObjectNode artifacts = F.objectNode();
    ArrayNode artifactPaths = artifacts.putArray("paths");
    paths.forEach(artifactPaths::add);
    other.put("artifacts", artifacts);
    Job collect = new Job(collector, Optional.of("collect"), o.settings().tags(),
        Optional.of(List.of(Need.ofPipeline(o.sourcePipeline(), o.sourceJob()))), Optional.empty(),
        Variables.ofStrings(Map.of("GIT_STRATEGY", "none")), List.of(), Optional.empty(), other);
    List<PipelineJob> jobs = new ArrayList<>();
    jobs.add(collect);
    int builds = children.size() - finishing;
    String previous = null;
    for (int i = 0; i < children.size(); i++) {
      boolean finish = i >= builds;
      String name = finish
          ? "build-cache-" + o.arch() + "-finish" + (finishing == 1 ? "" : "-" + (i - builds + 1) + "-of-" + finishing)
          : "build-cache-" + o.arch() + "-" + (i + 1) + "-of-" + builds;
      List<Need> needs = new ArrayList<>();
      needs.add(Need.of(collector, true));
      if (previous != null) {
        needs.add(Need.of(previous));
      }
      TriggerJob.Trigger trigger = new TriggerJob.Trigger(
          List.of(TriggerJob.Include.artifact(paths.get(i), collector)), Optional.of("depend"), Map.of());
      jobs.add(new TriggerJob(name, Optional.of(finish ? "finish" : "build"), Optional.of(needs), Variables.NONE,
          List.of(), finish ? Optional.of("always") : Optional.empty(), trigger, Map.of()));
      previous = name;
    }
    List<String> stages = new ArrayList<>(List.of("collect"));
    if (builds > 0) {
      stages.add("build");
    }
    if (finishing > 0) {
      stages.add("finish");
    }
    return new Pipeline(Optional.of(workflow), stages, common, jobs, Map.of());
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
