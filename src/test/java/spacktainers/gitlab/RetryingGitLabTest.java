package spacktainers.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import spacktainers.common.Reporter;

class RetryingGitLabTest {
  private final List<Duration> sleeps = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Reporter reporter = new Reporter() {
    @Override
    public void warning(String where, String message) {
      warnings.add(message);
    }
  };

  /** Fails with the given errors in turn, then answers. */
  private GitLab failing(List<GitLabException> failures, int[] calls) {
    return new GitLab() {
      @Override
      public List<Bridge> bridges(String project, long pipelineId) {
        if (calls[0]++ < failures.size()) {
          throw failures.get(calls[0] - 1);
        }
        return List.of();
      }

      @Override
      public List<PipelineJob> jobs(String project, long pipelineId) {
        return bridges(project, pipelineId).isEmpty() ? List.of() : List.of();
      }

      @Override
      public void downloadArtifacts(String project, long jobId, BodyConsumer consumer) {
        bridges(project, jobId);
      }
    };
  }

  private RetryingGitLab retrying(GitLab g, int retries) {
    return new RetryingGitLab(g, new RetryPolicy(retries, Duration.ofSeconds(1), Duration.ofSeconds(8)),
        sleeps::add, () -> 0.0, reporter);
  }

  static GitLabException http(int status) {
    return GitLabException.http(status, "x", Optional.empty(), Optional.empty());
  }

  @Test
  void retriesTransientFailuresWithDoublingBackoff() {
    int[] calls = {0};
    List<GitLabException> failures = List.of(http(500), http(502), GitLabException.connection("reset", null),
        http(503));
    retrying(failing(failures, calls), 4).bridges("42", 1);
    assertEquals(5, calls[0]);
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
        sleeps);
    assertEquals("listing the trigger jobs of pipeline 1: HTTP 500: x; retry 1 of 4 in 1.0s", warnings.get(0));
  }

  @Test
  void honoursRetryAfterUpToTheCap() {
    int[] calls = {0};
    GitLabException limited = GitLabException.http(429, "Retry later", Optional.of(Duration.ofSeconds(5)),
        Optional.empty());
    GitLabException greedy = GitLabException.http(429, "Retry later", Optional.of(Duration.ofHours(1)),
        Optional.empty());
    retrying(failing(List.of(limited, greedy), calls), 4).bridges("42", 1);
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(8)), sleeps);
  }

  @Test
  void givesUpAfterMaxRetriesAndNeverRetriesClientErrors() {
    int[] calls = {0};
    GitLabException last = http(503);
    assertSame(last, assertThrows(GitLabException.class,
        () -> retrying(failing(List.of(http(500), http(500), last), calls), 2).jobs("42", 1)));
    assertEquals(3, calls[0]);

    for (int status : new int[] {401, 403, 404}) {
      int[] c = {0};
      assertThrows(GitLabException.class, () -> retrying(failing(List.of(http(status)), c), 4).bridges("42", 1));
      assertEquals(1, c[0], "HTTP " + status + " is not retried");
    }
  }

  @Test
  void jitterAddsAtMostAQuarter() {
    RetryPolicy p = new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(60));
    assertEquals(Duration.ofMillis(2499), p.delay(1, http(500), 0.999));
    assertEquals(Duration.ofSeconds(8), p.delay(3, http(500), 0.0));
  }
}
