package spacktainers.registry;

import java.util.List;

/**
 * Answers "does this image exist for this platform, and with which labels?". The pipeline generator
 * depends on this interface only; {@link RegistryProbe} answers it from a registry.
 */
public interface ImageProbe {
  /**
   * Probes one reference. Registry failures (unreachable, authentication) are thrown as
   * {@link spacktainers.common.OperationFailedException}, never reported as "missing": rebuilding
   * everything because a password expired would be the wrong answer.
   */
  ProbeResult probe(ImageRef ref, Platform platform);

  /** Probes many references; results come back in request order. */
  default List<ProbeResult> probeAll(List<Request> requests) {
    return requests.stream().map(r -> probe(r.ref(), r.platform())).toList();
  }

  /**
   * One question to a probe.
   *
   * @param ref image reference (tag or digest)
   * @param platform the platform that must match exactly
   */
  record Request(ImageRef ref, Platform platform) {}
}
