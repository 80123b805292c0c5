package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import spacktainers.spack.SpackLock;

/**
 * A valid definition resolved for one architecture: version, tag, content key and (for Spack
 * containers) the two merged environments.
 *
 * @param tag empty while the version cannot be derived
 * @param key sha256 over everything that determines the image (64 hex digits)
 * @param cacheEnvironment the cache-population spack.yaml tree (Spack containers)
 * @param containerEnvironment the container's spack.yaml tree (Spack containers)
 */
public record Container(Definition definition, Optional<String> version, VersionSource versionSource,
    Optional<ImageTag> tag, String key, Optional<JsonNode> cacheEnvironment, Optional<JsonNode> containerEnvironment,
    Optional<SpackLock> lock) {

  public String name() {
    return definition.name();
  }

  public Architecture arch() {
    return definition.arch();
  }

  public Definition.Kind kind() {
    return definition.kind();
  }

  /** {@code host/namespace/name:tag}, once the tag is known. */
  public Optional<String> image(SiteSettings.Registry registry) {
    return tag.map(t -> registry.repository(name()) + ":" + t.format());
  }

  public Optional<SifName> sifName() {
    return tag.map(t -> new SifName(name(), t));
  }

  /** Where the version came from. */
  public enum VersionSource {
    LOCK("lock"), SPEC("spec"), DEFINITION("definition"), IMAGE_TAG("image tag"), NONE("none");

    private final String id;

    VersionSource(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }
}
