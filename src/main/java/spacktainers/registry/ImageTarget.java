package spacktainers.registry;

import java.nio.file.Path;
import java.util.Optional;
import spacktainers.common.InvalidInputException;

/** Where an image goes: a registry, a loadable tarball, or the local Docker daemon. */
public sealed interface ImageTarget {
  String HINT = "write registry://HOST/NAME:TAG, tar://FILE.tar[:NAME:TAG] or docker://NAME:TAG";

  /** @param ref the reference to push to (a tag, not a digest) */
  record Registry(ImageRef ref) implements ImageTarget {}

  /**
   * A {@code docker save} style tarball ({@code docker load}, {@code podman load},
   * {@code skopeo ... docker-archive:FILE}).
   *
   * @param file the tarball
   * @param name the {@code NAME:TAG} it loads as, or empty for an untagged image
   */
  record Archive(Path file, Optional<String> name) implements ImageTarget {}

  /** @param name the {@code NAME:TAG} to load into the daemon as */
  record Daemon(String name) implements ImageTarget {}

  static ImageTarget parse(String text, String where, java.util.function.Function<Path, Path> resolve) {
    if (text.startsWith("registry://")) {
      ImageRef ref = ImageRef.parse(text.substring("registry://".length()), where);
      if (ref.byDigest()) {
        throw InvalidInputException.of(where, "'" + text + "' names a digest; push targets need a tag", HINT);
      }
      return new Registry(ref);
    }
    if (text.startsWith("tar://")) {
      String rest = text.substring("tar://".length());
      int split = rest.indexOf(".tar:");
      String file = split < 0 ? rest : rest.substring(0, split + 4);
      if (file.isEmpty()) {
        throw InvalidInputException.of(where, "'" + text + "' has no file name", HINT);
      }
      Optional<String> name = Optional.empty();
      if (split >= 0) {
        ImageRef ref = ImageRef.parse(rest.substring(split + 5), where);
        name = Optional.of(archiveName(ref, rest.substring(split + 5)));
      }
      return new Archive(resolve.apply(Path.of(file)), name);
    }
    if (text.startsWith("docker://")) {
      String name = text.substring("docker://".length());
      ImageRef ref = ImageRef.parse(name, where);
      if (ref.byDigest()) {
        throw InvalidInputException.of(where, "'" + text + "' names a digest; the daemon needs NAME:TAG", HINT);
      }
      return new Daemon(archiveName(ref, name));
    }
    throw InvalidInputException.of(where, "'" + text + "' is not a target", HINT);
  }

  /** The name a tarball records for {@code docker load}; Docker Hub references in Docker's short form. */
  static String archiveName(ImageRef ref, String asWritten) {
    if (ref.byDigest()) {
      throw InvalidInputException.of("tar://", "'" + asWritten + "' is a digest; a tarball records NAME:TAG");
    }
    String registry = ref.registry();
    if (registry.equals("registry-1.docker.io") || registry.equals("docker.io") || registry.equals("index.docker.io")) {
      return "docker.io/" + ref.repository() + ":" + ref.qualifier();
    }
    return ref.toString();
  }
}
