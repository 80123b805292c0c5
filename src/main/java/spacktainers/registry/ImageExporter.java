package spacktainers.registry;

import java.nio.file.Path;
import java.util.Optional;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Reporter;

/**
 * Pulls one platform's image into a {@code docker load}-able tarball, for sites without registry
 * access: the layers are streamed from the registry into the tarball (digests checked on the way),
 * so nothing is unpacked and no daemon is needed.
 */
public final class ImageExporter {
  private final RegistrySession session;
  private final Reporter reporter;

  public ImageExporter(RegistrySession session, Reporter reporter) {
    this.session = session;
    this.reporter = reporter;
  }

  /** Writes {@code ref}'s image for {@code platform} to {@code file}; returns the manifest digest. */
  public String export(ImageRef ref, Platform platform, Path file, Optional<String> name) {
    ImageResolver.Resolution resolution = new ImageResolver(session).resolve(ref, platform);
    if (!(resolution instanceof ImageResolver.Resolution.Found found)) {
      throw InvalidInputException.of(ref.toString(), ((ImageResolver.Resolution.NotFound) resolution).reason(),
          "check the reference and --arch; list what is there with: spacktainers image inspect " + ref + " --arch " + platform);
    }
    ResolvedImage image = found.image();
    int[] n = {0};
    int total = image.manifest().layers().size();
    ImageArchive.write(file, name, image.configBytes(), image.manifest().config().digest(), image.manifest().layers(),
        (blob, out) -> {
          n[0]++;
          reporter.progress(String.format("layer %d/%d %s (%s)", n[0], total, ImagePublisher.shortDigest(blob.digest()),
              ImagePublisher.size(blob.size())));
          session.copyBlob(ref, blob.digest(), out, x -> {});
        });
    return image.manifest().digest();
  }
}
