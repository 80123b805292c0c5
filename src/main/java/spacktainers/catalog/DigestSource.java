package spacktainers.catalog;

import java.util.Optional;

/**
 * Image digests known at the time keys are computed (from a registry probe); without one, a base
 * image enters a container's content key through its own content key instead.
 */
@FunctionalInterface
public interface DigestSource {
  DigestSource NONE = (reference, arch) -> Optional.empty();

  /** The digest ({@code sha256:...}) of {@code reference} for {@code arch}, if known. */
  Optional<String> digest(String reference, Architecture arch);
}
