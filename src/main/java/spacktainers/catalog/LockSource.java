package spacktainers.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a container's concretized {@code spack.lock} is, when one exists yet. */
@FunctionalInterface
public interface LockSource {
  LockSource NONE = (name, arch) -> Optional.empty();

  Optional<Path> find(String name, Architecture arch);

  /** Locks laid out as {@code <dir>/<arch>/<name>/spack.lock}, as the concretize jobs write them. */
  static LockSource directory(Path dir) {
    return (name, arch) -> {
      Path p = dir.resolve(arch.id()).resolve(name).resolve("spack.lock");
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    };
  }

  /** One lock file for one container (the other containers have none). */
  static LockSource single(String container, Architecture arch, Path file) {
    return (name, a) -> name.equals(container) && a == arch ? Optional.of(file) : Optional.empty();
  }
}
