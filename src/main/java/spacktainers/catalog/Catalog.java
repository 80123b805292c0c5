package spacktainers.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import spacktainers.common.Problem;

/**
 * The container catalogue of a repository, evaluated for one git ref: every valid container with
 * its version, tag and content key, the base images with theirs, and every problem found. A bad
 * definition is reported and left out; the others are still here.
 *
 * @param problems errors: each makes {@code definitions validate} fail
 * @param warnings things to fix before a container can be tagged (an underivable version)
 */
public record Catalog(Path root, SiteSettings settings, GitRef ref, List<Container> containers,
    List<BaseImageState> baseImages, List<Problem> problems, List<Problem> warnings) {

  public Catalog {
    containers = List.copyOf(containers);
    baseImages = List.copyOf(baseImages);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  public List<Container> containers(Optional<Architecture> arch) {
    return arch.map(a -> containers.stream().filter(c -> c.arch() == a).toList()).orElse(containers);
  }

  public List<Container> named(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).toList();
  }

  public Optional<BaseImageState> baseImage(SiteSettings.BaseImageRole role, Architecture arch) {
    return baseImages.stream().filter(b -> b.image().role() == role && b.arch() == arch).findFirst();
  }
}
