package spacktainers.spack;

import java.util.List;
import java.util.Optional;

/**
 * One of Spack's prebuilt build images (Spack installed in {@code /opt/spack}) and which of its tags
 * are really published.
 *
 * @param releases release series ({@code 0.18}) with {@code v<release>} tags
 * @param develop whether the nightly {@code develop} tag is still published
 */
public record SpackImage(String name, List<String> releases, boolean develop) {
  public SpackImage {
    releases = List.copyOf(releases);
  }

  /** The image reference for a Spack release, if Spack published one. */
  public Optional<String> forRelease(SpackVersion version) {
    if (version.isSeries() || !releases.contains(version.series())) {
      return Optional.empty();
    }
    return Optional.of(name + ":" + version.tag());
  }

  public Optional<String> forDevelop() {
    return develop ? Optional.of(name + ":develop") : Optional.empty();
  }
}
