package spacktainers.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Reporter;

/**
 * Joins single-platform images (typically assembled per architecture by separate CI jobs) into one
 * multi-platform reference: an OCI index, or a Docker manifest list when every part is Docker.
 *
 * <p>An index may only point at manifests in its own repository, so parts from another repository
 * are copied in first (blobs mounted, manifest stored by digest). A part whose manifest jib cannot
 * hand back byte for byte is stored again in canonical form: same config and layers, new digest.
 */
public final class ManifestLists {
  private final RegistrySession session;
  private final Reporter reporter;

  public ManifestLists(RegistrySession session, Reporter reporter) {
    this.session = session;
    this.reporter = reporter;
  }

  /** One part of the list: the manifest the index points at, with its platform. */
  private record Part(ImageRef source, Platform platform, ManifestFormat format, byte[] manifest, String digest,
      RemoteManifest.Image image) {}

  public ImagePublisher.Published create(ImageRef target, List<ImageRef> sources) {
    if (target.byDigest()) {
      throw InvalidInputException.of(target.toString(), "a manifest list is stored under a tag, not a digest");
    }
    List<Part> parts = new ArrayList<>();
    Map<String, ImageRef> seen = new HashMap<>();
    for (ImageRef source : sources) {
      Part part = read(source);
      ImageRef clash = seen.putIfAbsent(part.platform().toString(), source);
      if (clash != null) {
        throw InvalidInputException.of(source.toString(), "is for " + part.platform() + ", like " + clash,
            "give one image per platform");
      }
      parts.add(part);
    }
    for (Part part : parts) {
      boolean sameRepository = part.source().repositoryName().equals(target.repositoryName());
      if (sameRepository && part.digest().equals(part.image().digest())) {
        continue;
      }
      reporter.progress("copying " + part.source() + " (" + part.platform() + ") into " + target.repositoryName());
      List<Descriptor> blobs = new ArrayList<>(part.image().layers());
      blobs.add(part.image().config());
      for (Descriptor blob : blobs) {
        if (!session.hasBlob(target, blob.digest())) {
          session.pushBlob(target, blob.digest(), session.remoteBlob(part.source(), blob.digest(), n -> {}),
              Optional.of(part.source()), n -> {});
        }
      }
      session.pushManifest(target, part.manifest(), part.format().manifestType(), part.digest());
    }
    boolean allDocker = parts.stream().allMatch(p -> p.format() == ManifestFormat.DOCKER);
    ManifestFormat listFormat = allDocker ? ManifestFormat.DOCKER : ManifestFormat.OCI;
    byte[] index = index(listFormat, parts);
    reporter.progress("storing the " + (allDocker ? "manifest list" : "index") + " as " + target);
    String digest = session.pushManifest(target, index, listFormat.indexType(), target.qualifier());
    return new ImagePublisher.Published(target.toString(), digest);
  }

  private Part read(ImageRef source) {
    RemoteManifest manifest = session.manifest(source).orElseThrow(() -> InvalidInputException.of(source.toString(),
        "no such image (unknown repository or tag)"));
    if (!(manifest instanceof RemoteManifest.Image image)) {
      throw InvalidInputException.of(source.toString(), "is already a multi-platform image",
          "name single-platform images, e.g. the per-architecture tags assemble pushed");
    }
    Platform platform = ResolvedImage.of(source, image, session.smallBlob(source, image.config())).platform();
    if (platform.architecture().isEmpty() || platform.os().isEmpty()) {
      throw InvalidInputException.of(source.toString(), "its config names no os/architecture",
          "assemble it with --platform");
    }
    byte[] canonical = ImageAssembler.manifest(image.format(), image.config(),
        image.layers().stream().map(d -> new AssembledImage.Layer(d, new AssembledImage.BlobSource.Remote(source)))
            .toList());
    return new Part(source, platform, image.format(), canonical, Json.sha256(canonical), image);
  }

  static byte[] index(ManifestFormat format, List<Part> parts) {
    ObjectNode index = Json.object();
    index.put("schemaVersion", 2);
    index.put("mediaType", format.indexType());
    ArrayNode manifests = index.putArray("manifests");
    for (Part part : parts) {
      ObjectNode m = new Descriptor(part.format().manifestType(), part.digest(), part.manifest().length).toJson();
      ObjectNode platform = m.putObject("platform");
      platform.put("architecture", part.platform().architecture());
      platform.put("os", part.platform().os());
      if (!part.platform().variant().isEmpty()) {
        platform.put("variant", part.platform().variant());
      }
      manifests.add(m);
    }
    return Json.bytes(index);
  }
}
