package spacktainers.gitlab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Problem;
import spacktainers.common.Problems;

/**
 * The pure part of gathering: which bridge, which jobs, and whether each job can deliver an
 * archive. Jobs follow the naming convention of the generated pipelines: {@code <name> for <arch>}.
 */
public final class ArtifactSelection {
  /** Safe as a file-name part: no separators, no leading dot. */
  private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
  private static final int LISTED_NAMES = 10;

  private ArtifactSelection() {}

  /** One archive to fetch. */
  public record Target(String jobName, String arch, PipelineJob job) {
    public String fullName() {
      return jobName + " for " + arch;
    }

    /** {@code <job-name-slug>.<arch>}: the archive is {@code <base>.zip}, the folder {@code <base>/}. */
    public String baseName() {
      return slug(jobName) + "." + arch;
    }
  }

  /** The bridge named {@code name}; the newest one when the trigger was retried. */
  public static Bridge bridge(List<Bridge> bridges, String name, long pipelineId) {
    Optional<Bridge> found = bridges.stream()
        .filter(b -> b.name().equals(name))
        .max(Comparator.comparingLong(Bridge::id));
    if (found.isEmpty()) {
      throw new OperationFailedException("pipeline " + pipelineId,
          "no trigger job (bridge) named '" + name + "'",
          bridges.isEmpty() ? "this pipeline has no trigger jobs"
              : "its trigger jobs are: " + names(bridges.stream().map(Bridge::name).toList()), null);
    }
    Bridge b = found.get();
    if (b.downstream().isEmpty()) {
      throw new OperationFailedException("pipeline " + pipelineId + ": bridge '" + name + "'",
          "has not started a downstream pipeline (bridge status: " + b.status() + ")",
          "gather after the trigger job has run: give this job 'needs' on it", null);
    }
    return b;
  }

  /**
   * For every job name and every arch, the job named {@code <name> for <arch>}. With no arches
   * given, the arches are those of every job matching a requested name. Every problem is reported
   * at once: missing jobs, jobs that did not succeed, jobs without an archive or with expired ones.
   *
   * @return sorted by arch, then in the order of {@code jobNames}, so output order is stable
   */
  public static List<Target> targets(List<PipelineJob> jobs, List<String> jobNames, List<String> arches,
      long downstreamPipelineId, Instant now) {
    String where = "downstream pipeline " + downstreamPipelineId;
    Map<String, PipelineJob> byName = newestByName(jobs);
    SortedSet<String> wanted = new TreeSet<>(arches);
    if (wanted.isEmpty()) {
      wanted.addAll(discoverArches(byName.keySet(), jobNames));
      if (wanted.isEmpty()) {
        throw new OperationFailedException(where,
            "no job named '" + jobNames.get(0) + " for <arch>'"
                + (jobNames.size() > 1 ? " (nor for the other --job names)" : ""),
            jobs.isEmpty() ? "this pipeline has no jobs"
                : "its jobs are: " + names(new ArrayList<>(byName.keySet())), null);
      }
    }
    Problems problems = new Problems();
    for (String arch : wanted) {
      if (!ARCH.matcher(arch).matches()) {
        problems.add(where, "architecture '" + arch + "' cannot be part of a file name",
            "architectures are letters, digits, '_', '.', '+' and '-'");
      }
    }
    List<Target> targets = new ArrayList<>();
    for (String arch : wanted) {
      for (String name : jobNames) {
        String full = name + " for " + arch;
        PipelineJob job = byName.get(full);
        if (job == null) {
          problems.add(where, "no job named '" + full + "'", "its jobs are: "
              + names(new ArrayList<>(byName.keySet())));
          continue;
        }
        Optional<Problem> unusable = unusable(job, full, now);
        if (unusable.isPresent()) {
          problems.add(unusable.get());
        } else {
          targets.add(new Target(name, arch, job));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new OperationFailedException(problems.list());
    }
    return List.copyOf(targets);
  }

  /** Why a job cannot deliver its archive, if it cannot. */
  static Optional<Problem> unusable(PipelineJob job, String fullName, Instant now) {
    String where = "job '" + fullName + "' (id " + job.id() + ")";
    if (!job.succeeded()) {
      return Optional.of(new Problem(where, "did not succeed: its status is " + job.status(),
          hintFor(job.status())));
    }
    if (!job.hasArchive()) {
      Optional<Instant> expiry = job.artifactsExpireAt();
      if (expiry.isPresent() && !expiry.get().isAfter(now)) {
        return Optional.of(new Problem(where, "its artifacts expired at " + expiry.get(),
            "run the pipeline again, or raise 'artifacts: expire_in' of that job"));
      }
      return Optional.of(new Problem(where, "has no artifacts archive",
          "the job must declare 'artifacts: paths' (and the files must exist when it ends)"));
    }
    return Optional.empty();
  }

  private static String hintFor(String status) {
    return switch (status) {
      case "created", "pending", "running", "waiting_for_resource", "preparing", "scheduled" ->
          "the downstream pipeline is still running: make this job wait for the trigger job"
              + " ('needs' on it, with 'strategy: depend' on the trigger)";
      case "manual" -> "the job is manual: run it, or gather only the other jobs";
      case "skipped" -> "an earlier job failed or rules skipped it; see the downstream pipeline";
      default -> "see the job's log in the downstream pipeline";
    };
  }

  static SortedSet<String> discoverArches(Iterable<String> jobNames, List<String> wantedNames) {
    SortedSet<String> arches = new TreeSet<>();
    for (String jobName : jobNames) {
      for (String wanted : wantedNames) {
        String prefix = wanted + " for ";
        if (jobName.startsWith(prefix) && jobName.length() > prefix.length()) {
          arches.add(jobName.substring(prefix.length()));
        }
      }
    }
    return arches;
  }

  /** Without {@code include_retried} GitLab lists the latest attempt; keep the newest id if a name repeats. */
  private static Map<String, PipelineJob> newestByName(List<PipelineJob> jobs) {
    Map<String, PipelineJob> byName = new LinkedHashMap<>();
    jobs.stream().sorted(Comparator.comparing(PipelineJob::name).thenComparingLong(PipelineJob::id))
        .forEach(j -> byName.put(j.name(), j));
    return byName;
  }

  /** {@code "process spack pipeline"} -> {@code "process-spack-pipeline"}. */
  public static String slug(String jobName) {
    String s = jobName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (s.isEmpty()) {
      throw new IllegalArgumentException("job name '" + jobName + "' has no letters or digits");
    }
    return s;
  }

  private static String names(List<String> names) {
    List<String> sorted = names.stream().sorted().distinct().toList();
    String shown = String.join(", ", sorted.subList(0, Math.min(LISTED_NAMES, sorted.size()))
        .stream().map(n -> "'" + n + "'").toList());
    return sorted.size() > LISTED_NAMES ? shown + " and " + (sorted.size() - LISTED_NAMES) + " more" : shown;
  }
}
