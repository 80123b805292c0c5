package spacktainers.registry;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import spacktainers.common.InvalidInputException;

/**
 * An image platform as the OCI image spec names it: {@code os/architecture[/variant]}.
 *
 * <p>Users write {@code amd64}, {@code linux/arm64}, {@code arm64/v8} or the kernel's names
 * ({@code x86_64}, {@code aarch64}); all are normalised to the OCI names so that a probe for
 * {@code aarch64} finds an {@code arm64} image and never an {@code amd64} one.
 *
 * @param os operating system, e.g. {@code linux}
 * @param architecture OCI architecture, e.g. {@code amd64}, {@code arm64}, {@code ppc64le}
 * @param variant CPU variant such as {@code v8}, or empty when not constrained
 */
public record Platform(String os, String architecture, String variant) {
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
  }

  /**
   * Parses {@code ARCH}, {@code OS/ARCH} or {@code OS/ARCH/VARIANT}; {@code where} names the option
   * or key for the error message.
   */
  public static Platform parse(String text, String where) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
    for (String part : parts) {
      if (part.isEmpty() || !part.matches("[a-z0-9_.-]+")) {
        throw InvalidInputException.of(where, "'" + text + "' is not a platform",
            "write ARCH, OS/ARCH or OS/ARCH/VARIANT, e.g. amd64, linux/arm64 or linux/arm/v7");
      }
    }
    return switch (parts.length) {
      case 1 -> new Platform("linux", normaliseArch(parts[0]), "");
      case 2 -> looksLikeOs(parts[0])
          ? new Platform(parts[0], normaliseArch(parts[1]), "")
          : new Platform("linux", normaliseArch(parts[0]), parts[1]);
      case 3 -> new Platform(parts[0], normaliseArch(parts[1]), parts[2]);
      default -> throw InvalidInputException.of(where, "'" + text + "' is not a platform",
          "write ARCH, OS/ARCH or OS/ARCH/VARIANT, e.g. amd64, linux/arm64 or linux/arm/v7");
    };
  }

  /**
   * True when an image built for {@code os/arch/variant} serves this platform. An unconstrained
   * variant matches any variant; for arm64, "v8" and no variant are the same thing.
   */
  public boolean matches(String imageOs, String imageArch, Optional<String> imageVariant) {
    if (!os.equals(imageOs) || !architecture.equals(normaliseArch(imageArch))) {
      return false;
    }
    if (variant.isEmpty()) {
      return true;
    }
    String actual = imageVariant.orElse("");
    return variant.equals(actual) || architecture.equals("arm64") && defaultArm64(variant) && defaultArm64(actual);
  }

  private static boolean defaultArm64(String v) {
    return v.isEmpty() || v.equals("v8");
  }

  private static boolean looksLikeOs(String s) {
    return switch (s) {
      case "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "aix", "illumos" -> true;
      default -> false;
    };
  }

  static String normaliseArch(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      case "i386", "i686" -> "386";
      default -> arch;
    };
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
