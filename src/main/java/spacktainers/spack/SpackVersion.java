package spacktainers.spack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spack release number such as {@code 0.18.1}. Parsed from image tags and git refs the way users
 * write them: {@code v0.18.1}, {@code 0.18.1}, {@code 0.18}, {@code releases/v0.18}.
 *
 * @param patch -1 when only a release series ({@code 0.18}) is known
 */
public record SpackVersion(int major, int minor, int patch) {
  private static final Pattern RELEASE = Pattern.compile("(?:releases/)?v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  public static final SpackVersion V0_17_3 = new SpackVersion(0, 17, 3);
  public static final SpackVersion V0_18_1 = new SpackVersion(0, 18, 1);

  /** The version a tag or ref names, or empty for branches such as {@code develop} and commit shas. */
  public static Optional<SpackVersion> parse(String ref) {
    Matcher m = RELEASE.matcher(ref.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int patch = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
      return Optional.of(new SpackVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code 0.18}: the release series, as used for published image tags. */
  public String series() {
    return major + "." + minor;
  }

  /** {@code v0.18.1}: the git tag and the image tag Spack publishes for a release. */
  public String tag() {
    return "v" + this;
  }

  /**
   * The git ref to check this version out: the release tag, or for a whole series Spack's
   * maintenance branch {@code releases/vX.Y} (there is no {@code v0.18} tag).
   */
  public String gitRef() {
    return patch < 0 ? "releases/v" + series() : tag();
  }

  public boolean isSeries() {
    return patch < 0;
  }

  public boolean sameSeries(SpackVersion other) {
    return major == other.major && minor == other.minor;
  }

  @Override
  public String toString() {
    return patch < 0 ? series() : series() + "." + patch;
  }
}
