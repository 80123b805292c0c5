package spacktainers.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Reporter;

/** Writes an {@link AssembledImage} to its target: a registry, a tarball or the Docker daemon. */
public final class ImagePublisher {
  private final Optional<RegistrySession> session;
  private final Map<String, String> env;
  private final Reporter reporter;

  /**
   * @param session registry access; may be empty when neither the target nor a base layer is in a registry
   * @param env environment for {@code docker load}
   */
  public ImagePublisher(Optional<RegistrySession> session, Map<String, String> env, Reporter reporter) {
    this.session = session;
    this.env = Map.copyOf(env);
    this.reporter = reporter;
  }

  /**
   * What was written.
   *
   * @param target the target as the user wrote it, normalised
   * @param digest the manifest digest (the image's content address in a registry)
   */
  public record Published(String target, String digest) {}

  public Published publish(AssembledImage image, ImageTarget target, Path workDir) {
    if (target instanceof ImageTarget.Registry r) {
      push(image, r.ref());
      return new Published(r.ref().toString(), image.manifestDigest());
    }
    if (target instanceof ImageTarget.Archive a) {
      writeArchive(image, a.file(), a.name());
      return new Published(a.file().toString(), image.manifestDigest());
    }
    ImageTarget.Daemon d = (ImageTarget.Daemon) target;
    Path docker = docker(d);
    Path tarball = workDir.resolve("image-for-docker-load.tar");
    writeArchive(image, tarball, Optional.of(d.name()));
    reporter.progress("loading into the Docker daemon as " + d.name());
    DockerDaemon.load(docker, tarball, d.name(), env);
    return new Published("docker://" + d.name(), image.manifestDigest());
  }

  /** Fails before any work when the target cannot be written at all (no docker for docker://). */
  public void checkReachable(ImageTarget target) {
    if (target instanceof ImageTarget.Daemon d) {
      docker(d);
    }
  }

  private Path docker(ImageTarget.Daemon d) {
    return DockerDaemon.findDocker(env).orElseThrow(() -> new OperationFailedException("docker://" + d.name(),
        "no docker command on PATH, so there is no local Docker daemon to load into",
        "write a tarball with tar://FILE.tar:" + d.name() + " (docker load / podman load it where a daemon runs)"
            + " or push with registry://HOST/" + d.name(), null));
  }

  void writeArchive(AssembledImage image, Path file, Optional<String> name) {
    reporter.progress("writing " + file);
    ImageArchive.write(file, name, image.config(), image.configDescriptor().digest(),
        image.layers().stream().map(AssembledImage.Layer::descriptor).toList(),
        (blob, out) -> {
          AssembledImage.BlobSource source = sourceOf(image, blob.digest());
          if (source instanceof AssembledImage.BlobSource.Built b) {
            Files.copy(b.blob().file(), out);
          } else {
            ImageRef repo = ((AssembledImage.BlobSource.Remote) source).repository();
            reporter.progress("copying base layer " + blob.digest() + " from " + repo.repositoryName());
            session().copyBlob(repo, blob.digest(), out, n -> {});
          }
        });
  }

  private static AssembledImage.BlobSource sourceOf(AssembledImage image, String digest) {
    return image.layers().stream().filter(l -> l.descriptor().digest().equals(digest)).findFirst().orElseThrow()
        .source();
  }

  private RegistrySession session() {
    return session.orElseThrow(() -> new IllegalStateException("registry access needed but not configured"));
  }

  private void push(AssembledImage image, ImageRef target) {
    RegistrySession s = session();
    List<AssembledImage.Layer> layers = image.layers();
    Set<String> done = new LinkedHashSet<>();
    int n = 0;
    for (AssembledImage.Layer layer : layers) {
      n++;
      Descriptor d = layer.descriptor();
      if (!done.add(d.digest())) {
        continue;
      }
      String what = String.format("layer %d/%d %s (%s)", n, layers.size(), shortDigest(d.digest()), size(d.size()));
      if (layer.source() instanceof AssembledImage.BlobSource.Remote remote) {
        ImageRef from = remote.repository();
        boolean sameRegistry = from.registry().equals(target.registry());
        if (!sameRegistry && s.hasBlob(target, d.digest())) {
          reporter.info(what + ": already in " + target.repositoryName());
          continue;
        }
        reporter.progress(what + ": " + (sameRegistry ? "mounting from " : "copying from ") + from.repositoryName());
        s.pushBlob(target, d.digest(), s.remoteBlob(from, d.digest(), bytes -> {}), Optional.of(from),
            progress(what, d.size()));
      } else {
        LayerBlob blob = ((AssembledImage.BlobSource.Built) layer.source()).blob();
        if (s.hasBlob(target, d.digest())) {
          reporter.info(what + ": already in " + target.repositoryName());
          continue;
        }
        reporter.progress(what + ": uploading");
        s.pushBlob(target, d.digest(), RegistrySession.localBlob(blob.file()), Optional.empty(), progress(what, d.size()));
      }
    }
    Descriptor config = image.configDescriptor();
    if (!s.hasBlob(target, config.digest())) {
      s.pushBlob(target, config.digest(), RegistrySession.bytesBlob(image.config()), Optional.empty(), x -> {});
    }
    reporter.progress("storing manifest " + shortDigest(image.manifestDigest()) + " as " + target);
    String digest = s.pushManifest(target, image.manifest(), image.format().manifestType(), target.qualifier());
    if (!digest.equals(image.manifestDigest())) {
      throw new OperationFailedException(target.toString(), "the registry stored the manifest as " + digest
          + ", expected " + image.manifestDigest());
    }
  }

  private java.util.function.LongConsumer progress(String what, long total) {
    long[] sent = {0};
    return bytes -> {
      sent[0] += bytes;
      reporter.progress(what + ": " + size(sent[0]) + " of " + size(total));
    };
  }

  static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return digest.substring(0, Math.min(digest.length(), colon + 13));
  }

  static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
