package spacktainers.buildcache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The parameters of one prune run.
 *
 * @param now the start of the run: nothing modified after it is ever deleted
 * @param maxAge specs not in the keep set and older than this are deleted
 * @param orphanGrace incomplete specs and unreferenced blobs younger than this are left alone, because
 *     an upload may be in flight (Spack pushes tarball, then spec file or manifest)
 */
public record PruneRules(Instant now, Duration maxAge, Duration orphanGrace) {
  public PruneRules {
    Objects.requireNonNull(now, "now");
    if (maxAge.isNegative() || orphanGrace.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }
}
