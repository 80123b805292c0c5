package spacktainers.gitlab;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job of a pipeline as far as artifacts are concerned.
 *
 * @param status GitLab's job status, kept as text: GitLab adds statuses over time
 *     ({@code waiting_for_resource}, {@code preparing}, {@code scheduled}, ...)
 * @param archiveSize size of the artifacts archive in bytes, when the job has one
 * @param artifactsExpireAt when the artifacts expire or expired, when an expiry is set
 */
public record PipelineJob(
    long id, String name, String status, Optional<Long> archiveSize, Optional<Instant> artifactsExpireAt) {
  public PipelineJob {
    Objects.requireNonNull(name, "name");
    status = status == null ? "unknown" : status;
    Objects.requireNonNull(archiveSize, "archiveSize");
    Objects.requireNonNull(artifactsExpireAt, "artifactsExpireAt");
  }

  public boolean succeeded() {
    return status.equals("success");
  }

  public boolean hasArchive() {
    return archiveSize.isPresent();
  }
}
