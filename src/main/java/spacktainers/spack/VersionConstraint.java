package spacktainers.spack;

import java.util.Objects;
import java.util.Optional;

/**
 * The text after {@code @} in a spec: a single version ({@code 9.0}), an exact version
 * ({@code =9.0.1}), a git version ({@code git.v2.1=2.1}, {@code =develop}), a range
 * ({@code 4:}, {@code 1.2:1.4}) or a comma-separated list of any of those.
 */
public record VersionConstraint(String text) {
  public VersionConstraint {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty version constraint");
    }
  }

  public boolean isRange() {
    return !isList() && text.contains(":");
  }

  public boolean isList() {
    return text.contains(",");
  }

  public boolean isExact() {
    return text.startsWith("=");
  }

  /**
   * The one version this constraint names, if it names exactly one: {@code 9.0} and {@code =9.0}
   * give {@code 9.0}; a git version {@code git.<ref>=2.1} gives {@code 2.1}; ranges and lists give
   * nothing. ({@code @9.0} also admits {@code 9.0.1} in Spack; as a container version it still reads
   * "9.0", which is what the user pinned.)
   */
  public Optional<String> pinned() {
    if (isList() || isRange()) {
      return Optional.empty();
    }
    String v = isExact() ? text.substring(1) : text;
    int eq = v.lastIndexOf('=');
    if (eq >= 0) {
      v = v.substring(eq + 1);
    }
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  @Override
  public String toString() {
    return text;
  }
}
