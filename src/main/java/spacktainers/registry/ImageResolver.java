package spacktainers.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds one platform's image behind a reference: follows a manifest list to the entry for that
 * platform, reads the config, and checks the config's own platform. It never falls back to another
 * platform (skopeo's {@code --override-arch} silently does, which made the original rebuild check
 * answer with the amd64 image when asked for arm64).
 */
public final class ImageResolver {
  private final RegistrySession session;
  private final Map<String, byte[]> configs = new ConcurrentHashMap<>();

  public ImageResolver(RegistrySession session) {
    this.session = session;
  }

  /** The result of a resolution: the image, or why there is none. */
  public sealed interface Resolution {
    /** @param image the platform's image */
    record Found(ResolvedImage image) implements Resolution {}

    /** @param reason why there is no image for the platform */
    record NotFound(String reason) implements Resolution {}
  }

  public Resolution resolve(ImageRef ref, Platform platform) {
    Optional<RemoteManifest> top = session.manifest(ref);
    if (top.isEmpty()) {
      return new Resolution.NotFound("no such image (unknown repository or " + (ref.byDigest() ? "digest" : "tag") + ")");
    }
    if (top.get() instanceof RemoteManifest.Image image) {
      ResolvedImage resolved = load(ref, image);
      if (!resolved.servesPlatform(platform)) {
        return new Resolution.NotFound("the image is for " + describe(resolved) + ", not " + platform);
      }
      return new Resolution.Found(resolved);
    }
    RemoteManifest.Index index = (RemoteManifest.Index) top.get();
    List<String> offered = new ArrayList<>();
    for (RemoteManifest.Entry entry : index.entries()) {
      // no platform, or buildx's unknown/unknown: attestations and other artefacts, not images
      if (entry.architecture().isEmpty() || entry.architecture().equals("unknown")) {
        continue;
      }
      offered.add(entry.os() + "/" + Platform.normaliseArch(entry.architecture()));
      if (!platform.matches(entry.os(), entry.architecture(), Optional.empty())) {
        continue;
      }
      ImageRef byDigest = ref.withQualifier(entry.manifest().digest());
      Optional<RemoteManifest> child = session.manifest(byDigest);
      if (child.isPresent() && child.get() instanceof RemoteManifest.Image image) {
        ResolvedImage resolved = load(ref, image);
        if (resolved.servesPlatform(platform)) {
          return new Resolution.Found(resolved);
        }
        offered.set(offered.size() - 1, describe(resolved));
      }
    }
    return new Resolution.NotFound("the manifest list has no " + platform + " image"
        + (offered.isEmpty() ? "" : " (it has " + String.join(", ", offered.stream().distinct().toList()) + ")"));
  }

  private ResolvedImage load(ImageRef ref, RemoteManifest.Image image) {
    String key = ref.repositoryName() + "@" + image.config().digest();
    return ResolvedImage.of(ref, image, configs.computeIfAbsent(key, k -> session.smallBlob(ref, image.config())));
  }

  private static String describe(ResolvedImage image) {
    Platform p = image.platform();
    return p.architecture().isEmpty() ? "an unknown platform" : p.toString();
  }
}
