package spacktainers.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The human tag of a container image: {@code <version>[-<arch>][__<ref-slug>]}.
 *
 * <ul>
 *   <li>{@code 9.0.1}: version 9.0.1, default branch, the architecture that has no tag suffix;
 *   <li>{@code 9.0.1-arm64}: the same on an architecture with a suffix;
 *   <li>{@code 9.0.1-arm64__feature-x}: built on branch slug {@code feature-x}.
 * </ul>
 *
 * <p>The grammar is chosen so that {@link #parse} inverts {@link #format} for every valid tag. The
 * original scripts put the arch after the slug ({@code 9.0__feature-arm64}), which cannot tell the
 * branch {@code feature-arm64} from the arm64 build of branch {@code feature} and made their cleanup
 * job delete the wrong images. Here the arch belongs to the version field, the slug comes last after
 * the only {@code __}, and the version rules forbid what would be ambiguous: {@code __} inside, a
 * trailing {@code _}, and (when no arch follows) a trailing {@code -<arch>}.
 */
public record ImageTag(String version, Optional<Architecture> arch, Optional<String> slug) {
  /** The OCI limit on tag length. */
  public static final int MAX_LENGTH = 128;
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  public ImageTag {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(slug, "slug");
    checkVersion(version, arch.isPresent()).ifPresent(m -> {
      throw new IllegalArgumentException(m);
    });
    slug.flatMap(RefSlug::check).ifPresent(m -> {
      throw new IllegalArgumentException(m);
    });
    int length = version.length() + arch.map(a -> a.id().length() + 1).orElse(0)
        + slug.map(s -> s.length() + 2).orElse(0);
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("tag would be " + length + " characters, more than the "
          + MAX_LENGTH + " a registry accepts (version '" + version + "' is too long)");
    }
  }

  /**
   * Why {@code version} cannot be the version field of a tag, or empty if it can.
   *
   * @param archFollows whether an {@code -<arch>} suffix will follow it
   */
  public static Optional<String> checkVersion(String version, boolean archFollows) {
    if (!VERSION.matcher(version).matches()) {
      return Optional.of("version '" + version + "' cannot be used in an image tag: use letters, digits,"
          + " '.', '_' and '-', starting with a letter, digit or '_'");
    }
    if (version.contains("__") || version.endsWith("_")) {
      return Optional.of("version '" + version + "' cannot be used in an image tag: '__' separates the"
          + " branch in tags, so a version may not contain it or end with '_'");
    }
    if (!archFollows) {
      for (Architecture a : Architecture.values()) {
        if (version.endsWith("-" + a.id())) {
          return Optional.of("version '" + version + "' ends like an architecture suffix ('-" + a.id()
              + "'), so its tag could not be told apart from an " + a.id() + " build");
        }
      }
    }
    return Optional.empty();
  }

  public String format() {
    StringBuilder sb = new StringBuilder(version);
    arch.ifPresent(a -> sb.append('-').append(a.id()));
    slug.ifPresent(s -> sb.append("__").append(s));
    return sb.toString();
  }

  /** The inverse of {@link #format}; an {@link IllegalArgumentException} names what does not fit. */
  public static ImageTag parse(String tag) {
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("'" + tag + "' is not a valid image tag");
    }
    int sep = tag.indexOf("__");
    String head = sep < 0 ? tag : tag.substring(0, sep);
    Optional<String> slug = sep < 0 ? Optional.empty() : Optional.of(tag.substring(sep + 2));
    if (slug.isPresent() && RefSlug.check(slug.get()).isPresent()) {
      throw new IllegalArgumentException("'" + tag + "' is not a spacktainers tag: '" + slug.get()
          + "' after '__' is not a ref slug");
    }
    Optional<Architecture> arch = Optional.empty();
    for (Architecture a : Architecture.values()) {
      String suffix = "-" + a.id();
      if (head.endsWith(suffix) && head.length() > suffix.length()) {
        arch = Optional.of(a);
        head = head.substring(0, head.length() - suffix.length());
        break;
      }
    }
    try {
      return new ImageTag(head, arch, slug);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + tag + "' is not a spacktainers tag: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return format();
  }
}
