package spacktainers.registry;

import java.util.List;

/**
 * An image ready to be written anywhere: exact config and manifest bytes, and where each layer's
 * bytes come from.
 *
 * @param platform the image's platform
 * @param format manifest family
 * @param config config bytes
 * @param configDescriptor the config's descriptor
 * @param layers layers, base first
 * @param manifest manifest bytes
 * @param manifestDigest sha256 of {@code manifest}
 */
public record AssembledImage(
    Platform platform, ManifestFormat format, byte[] config, Descriptor configDescriptor, List<Layer> layers,
    byte[] manifest, String manifestDigest) {

  public AssembledImage {
    layers = List.copyOf(layers);
  }

  /**
   * One layer and the place its bytes are read from.
   *
   * @param descriptor as written in the manifest
   * @param source where the bytes are
   */
  public record Layer(Descriptor descriptor, BlobSource source) {}

  /** Where a blob's bytes are. */
  public sealed interface BlobSource {
    /** @param repository the registry repository that has the blob (the base image's) */
    record Remote(ImageRef repository) implements BlobSource {}

    /** @param blob the layer file we wrote */
    record Built(LayerBlob blob) implements BlobSource {}
  }
}
