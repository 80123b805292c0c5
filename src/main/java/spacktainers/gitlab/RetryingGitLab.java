package spacktainers.gitlab;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import spacktainers.common.Reporter;

/** Retries transient GitLab failures (429, 5xx, broken connections) of any {@link GitLab} with backoff. */
public final class RetryingGitLab implements GitLab {
  private final GitLab delegate;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;
  private final Reporter reporter;

  public RetryingGitLab(GitLab delegate, RetryPolicy policy, Sleeper sleeper, DoubleSupplier jitter,
      Reporter reporter) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
  }

  public static RetryingGitLab withRealClock(GitLab delegate, RetryPolicy policy, Reporter reporter) {
    java.util.Random random = new java.util.Random();
    return new RetryingGitLab(delegate, policy, Sleeper.REAL, random::nextDouble, reporter);
  }

  @Override
  public List<Bridge> bridges(String project, long pipelineId) {
    return attempt("listing the trigger jobs of pipeline " + pipelineId,
        () -> delegate.bridges(project, pipelineId));
  }

  @Override
  public List<PipelineJob> jobs(String project, long pipelineId) {
    return attempt("listing the jobs of pipeline " + pipelineId, () -> delegate.jobs(project, pipelineId));
  }

  @Override
  public void downloadArtifacts(String project, long jobId, BodyConsumer consumer) {
    attempt("downloading the artifacts of job " + jobId, () -> {
      delegate.downloadArtifacts(project, jobId, consumer);
      return null;
    });
  }

  private <T> T attempt(String what, Supplier<T> call) {
    for (int retry = 1; ; retry++) {
      try {
        return call.get();
      } catch (GitLabException e) {
        if (!e.isTransient() || retry > policy.maxRetries()) {
          throw e;
        }
        Duration pause = policy.delay(retry, e, jitter.getAsDouble());
        reporter.warning("", what + ": " + e.getMessage() + "; retry " + retry + " of " + policy.maxRetries()
            + " in " + seconds(pause));
        sleeper.sleep(pause);
      }
    }
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  /** Waits between attempts; replaced in tests. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper REAL = d -> {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw GitLabException.connection("interrupted while waiting to retry", e);
      }
    };

    void sleep(Duration d);
  }
}
