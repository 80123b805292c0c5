package spacktainers.gitlab;

import java.util.Objects;
import java.util.Optional;

/**
 * A trigger job of a pipeline.
 *
 * @param status the bridge's own status ({@code success}, {@code failed}, {@code running}, ...)
 * @param downstream the pipeline it started, if it started one
 */
public record Bridge(long id, String name, String status, Optional<Downstream> downstream) {
  public Bridge {
    Objects.requireNonNull(name, "name");
    status = status == null ? "unknown" : status;
    Objects.requireNonNull(downstream, "downstream");
  }

  /**
   * The pipeline a bridge started.
   *
   * @param projectId the downstream project; empty when GitLab did not say (a child pipeline is
   *     always in the parent's project)
   */
  public record Downstream(long pipelineId, Optional<Long> projectId, String status) {
    public Downstream {
      Objects.requireNonNull(projectId, "projectId");
      status = status == null ? "unknown" : status;
    }
  }
}
