package spacktainers.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Reporter;

/**
 * Assembles an image without a daemon: resolves the base for the wanted platform, writes each layer
 * as a reproducible tar, and composes config and manifest. Nothing is uploaded here; an
 * {@link ImagePublisher} writes the result to a registry, a tarball or a daemon.
 */
public final class ImageAssembler {
  private final Optional<ImageResolver> resolver;
  private final Reporter reporter;

  /** @param resolver for the base image; may be empty when the base is {@code scratch} */
  public ImageAssembler(Optional<ImageResolver> resolver, Reporter reporter) {
    this.resolver = resolver;
    this.reporter = reporter;
  }

  public AssembledImage assemble(ImageSpec spec, Path workDir) {
    Optional<ResolvedImage> base = spec.base().map(ref -> resolveBase(ref, spec.platform()));
    List<AssembledImage.Layer> layers = new ArrayList<>();
    if (base.isPresent()) {
      ResolvedImage b = base.get();
      int baseDiffIds = b.config().path("rootfs").path("diff_ids").size();
      if (baseDiffIds != b.manifest().layers().size()) {
        throw InvalidInputException.of("--from " + b.ref(), "the base image is inconsistent: " + b.manifest().layers().size()
            + " layers but " + baseDiffIds + " diff ids in its config");
      }
      for (Descriptor d : b.manifest().layers()) {
        String type = spec.format().layerType(d.mediaType()).orElseThrow(() -> InvalidInputException.of(
            "--format", "the base image has a " + d.mediaType() + " layer, which the docker format cannot carry",
            "use --format oci"));
        layers.add(new AssembledImage.Layer(new Descriptor(type, d.digest(), d.size()),
            new AssembledImage.BlobSource.Remote(b.ref())));
      }
    }
    LayerWriter writer = new LayerWriter(spec.ownership(), spec.created(), spec.compressionLevel(), reporter);
    List<String> diffIds = new ArrayList<>();
    int n = 0;
    for (LayerSpec layerSpec : spec.layers()) {
      n++;
      reporter.progress("layer " + n + "/" + spec.layers().size() + ": writing " + layerSpec.destination());
      long start = System.nanoTime();
      LayerBlob blob = writer.write(layerSpec, workDir);
      reporter.info(String.format("layer %d/%d: %s: %,d entries, %,d bytes compressed, %.1f s", n, spec.layers().size(),
          layerSpec.destination(), blob.entries(), blob.size(), (System.nanoTime() - start) / 1e9));
      diffIds.add(blob.diffId());
      layers.add(new AssembledImage.Layer(new Descriptor(spec.format().gzipLayerType(), blob.digest(), blob.size()),
          new AssembledImage.BlobSource.Built(blob)));
    }
    ObjectNode config = ConfigComposer.compose(base.map(ResolvedImage::config), spec, diffIds);
    byte[] configBytes = Json.bytes(config);
    Descriptor configDescriptor = new Descriptor(spec.format().configType(), Json.sha256(configBytes), configBytes.length);
    byte[] manifest = manifest(spec.format(), configDescriptor, layers);
    return new AssembledImage(spec.platform(), spec.format(), configBytes, configDescriptor, layers, manifest,
        Json.sha256(manifest));
  }

  private ResolvedImage resolveBase(ImageRef ref, Platform platform) {
    ImageResolver r = resolver.orElseThrow(() -> new IllegalStateException("a base image needs a resolver"));
    ImageResolver.Resolution resolution = r.resolve(ref, platform);
    if (resolution instanceof ImageResolver.Resolution.Found f) {
      return f.image();
    }
    throw InvalidInputException.of("--from " + ref, ((ImageResolver.Resolution.NotFound) resolution).reason(),
        "check the reference and --platform; probe it with: spacktainers image inspect " + ref + " --arch " + platform);
  }

  static byte[] manifest(ManifestFormat format, Descriptor config, List<AssembledImage.Layer> layers) {
    ObjectNode m = Json.object();
    m.put("schemaVersion", 2);
    m.put("mediaType", format.manifestType());
    m.set("config", config.toJson());
    var array = m.putArray("layers");
    layers.forEach(l -> array.add(l.descriptor().toJson()));
    return Json.bytes(m);
  }
}
