package spacktainers.registry;

import java.util.Map;
import java.util.Optional;

/**
 * The two manifest families registries and runtimes understand. Layers are the same bytes in both;
 * only their media-type names differ, so a base image of one family can be extended in the other.
 */
public enum ManifestFormat {
  OCI("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.config.v1+json"),
  DOCKER("application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.container.image.v1+json");

  static final String OCI_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String OCI_TAR = "application/vnd.oci.image.layer.v1.tar";
  static final String OCI_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  static final String DOCKER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  static final String DOCKER_TAR = "application/vnd.docker.image.rootfs.diff.tar";

  private static final Map<String, String> TO_OCI = Map.of(DOCKER_GZIP, OCI_GZIP, DOCKER_TAR, OCI_TAR);
  private static final Map<String, String> TO_DOCKER = Map.of(OCI_GZIP, DOCKER_GZIP, OCI_TAR, DOCKER_TAR);

  private final String manifestType;
  private final String indexType;
  private final String configType;

  ManifestFormat(String manifestType, String indexType, String configType) {
    this.manifestType = manifestType;
    this.indexType = indexType;
    this.configType = configType;
  }

  public String manifestType() {
    return manifestType;
  }

  public String indexType() {
    return indexType;
  }

  public String configType() {
    return configType;
  }

  public String gzipLayerType() {
    return this == OCI ? OCI_GZIP : DOCKER_GZIP;
  }

  /** The name of a layer media type in this format, or empty when it has none (zstd in Docker). */
  public Optional<String> layerType(String mediaType) {
    if (this == OCI) {
      return Optional.of(TO_OCI.getOrDefault(mediaType, mediaType));
    }
    if (mediaType.startsWith("application/vnd.docker.")) {
      return Optional.of(mediaType);
    }
    return Optional.ofNullable(TO_DOCKER.get(mediaType));
  }

  static Optional<ManifestFormat> ofManifestType(String mediaType) {
    for (ManifestFormat f : values()) {
      if (f.manifestType.equals(mediaType)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
