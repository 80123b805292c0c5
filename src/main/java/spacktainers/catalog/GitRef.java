package spacktainers.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * The git ref a catalogue is evaluated for: tags on the default branch carry no slug, others carry
 * the ref's slug so branch builds never overwrite published images.
 */
public record GitRef(String name, String slug, boolean isDefault) {
  public GitRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(slug, "slug");
  }

  /**
   * The ref {@code name} (slug as GitLab gave it, or computed the same way) against the site's default
   * branch.
   */
  public static GitRef of(String name, Optional<String> slug, String defaultBranch) {
    String s = slug.orElseGet(() -> RefSlug.of(name));
    RefSlug.check(s).ifPresent(m -> {
      throw new IllegalArgumentException(m);
    });
    return new GitRef(name, s, name.equals(defaultBranch));
  }

  /** The tag field for this ref: empty on the default branch. */
  public Optional<String> tagSlug() {
    return isDefault ? Optional.empty() : Optional.of(slug);
  }
}
