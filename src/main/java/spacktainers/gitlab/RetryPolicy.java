package spacktainers.gitlab;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a transient failure is retried: exponential backoff from
 * {@code initialDelay}, doubling up to {@code maxDelay}, with up to 25% jitter so parallel CI jobs do
 * not retry in lockstep. A server's {@code Retry-After} wins when it asks for longer (capped at
 * {@code maxDelay}).
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
  }

  /**
   * The pause before retry number {@code retry} (1-based).
   *
   * @param jitter a number in [0, 1) drawn by the caller
   */
  public Duration delay(int retry, GitLabException failure, double jitter) {
    long base = initialDelay.toMillis();
    for (int i = 1; i < retry && base < maxDelay.toMillis(); i++) {
      base *= 2;
    }
    long millis = Math.min(maxDelay.toMillis(), base + (long) (base * 0.25 * jitter));
    long asked = failure.retryAfter().map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.min(maxDelay.toMillis(), Math.max(millis, asked)));
  }
}
