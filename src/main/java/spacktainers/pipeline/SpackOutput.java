package spacktainers.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * One file written by {@code spack ci generate}, read into the model.
 *
 * @param source the file's name as given to the user in messages (relative to the input folder)
 * @param stages Spack's stage order ({@code stage-0 ... stage-rebuild-index}); empty for a no-op file
 * @param jobs every job, templates ({@code extends}) already resolved
 */
public record SpackOutput(String source, Optional<Workflow> workflow, List<String> stages, Variables variables,
    List<Job> jobs) {
  public SpackOutput {
    stages = List.copyOf(stages);
    jobs = List.copyOf(jobs);
  }

  /** True when Spack found nothing to rebuild: no build or service job besides the no-op job. */
  public boolean isNoop() {
    return jobs.stream().allMatch(j -> SpackJobKind.of(j.name()) == SpackJobKind.NOOP);
  }

  /** The spec a build job builds: Spack's DAG hash variable, or the job name for very old output. */
  public static String specKey(Job job) {
    return job.variables().text("SPACK_JOB_SPEC_DAG_HASH").filter(h -> !h.isBlank()).orElse(job.name());
  }
}
