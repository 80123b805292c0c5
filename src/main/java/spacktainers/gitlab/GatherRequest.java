package spacktainers.gitlab;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code artifacts gather} run.
 *
 * @param project the parent pipeline's project: numeric id or {@code group/project} path
 * @param bridgeName the trigger job that started the child pipeline
 * @param jobNames job names without the {@code " for <arch>"} suffix
 * @param arches architectures; empty means every arch for which a matching job exists
 * @param dotenv where to write the {@code <arch>=yes} report, if anywhere
 */
public record GatherRequest(String project, long pipelineId, String bridgeName, List<String> jobNames,
    List<String> arches, Path outDir, boolean extract, ZipLimits limits, Optional<Path> dotenv) {
  public GatherRequest {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(bridgeName, "bridgeName");
    jobNames = List.copyOf(jobNames);
    arches = List.copyOf(arches);
    if (jobNames.isEmpty()) {
      throw new IllegalArgumentException("at least one job name");
    }
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dotenv, "dotenv");
  }
}
