package spacktainers.registry;

import java.util.Map;
import java.util.TreeMap;

/** What a registry holds for one image reference and platform. */
public sealed interface ProbeResult {
  ImageRef ref();

  Platform platform();

  /**
   * The image exists for exactly this platform.
   *
   * @param digest digest of the platform's own manifest (not of a list that contains it)
   * @param labels the config's labels, sorted by name
   */
  record Present(ImageRef ref, Platform platform, String digest, Map<String, String> labels) implements ProbeResult {
    public Present {
      labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
  }

  /**
   * There is no image for this platform: the repository or tag is unknown, or the image (list) has
   * only other platforms. Another platform's image is never a substitute.
   *
   * @param reason why, for the user
   */
  record Missing(ImageRef ref, Platform platform, String reason) implements ProbeResult {}
}
