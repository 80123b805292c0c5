package spacktainers.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What artifact gathering needs from GitLab, and nothing more. Implementations throw
 * {@link GitLabException} for every HTTP or connection failure so callers can tell a missing pipeline
 * from a bad token from a flaky network.
 */
public interface GitLab {

  /** Every trigger job (bridge) of a pipeline, all pages. */
  List<Bridge> bridges(String project, long pipelineId);

  /** Every job of a pipeline (latest attempt of each), all pages. */
  List<PipelineJob> jobs(String project, long pipelineId);

  /**
   * Streams the artifacts archive of a job to {@code consumer}. The stream is closed afterwards.
   * An {@link IOException} thrown while reading the body counts as a connection failure.
   */
  void downloadArtifacts(String project, long jobId, BodyConsumer consumer);

  /** Reads a response body; called again from the start when a download is retried. */
  @FunctionalInterface
  interface BodyConsumer {
    void accept(InputStream body) throws IOException;
  }
}
