package spacktainers.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GitLab's {@code CI_COMMIT_REF_SLUG}: the ref name lower-cased, every character other than
 * {@code a-z} and {@code 0-9} replaced by {@code -}, cut to 63 characters, with no leading or
 * trailing {@code -}. Branch tags carry it, so it can never contain {@code __}, {@code _} or {@code .}.
 */
public final class RefSlug {
  private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private RefSlug() {}

  public static String of(String refName) {
    String s = refName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
    if (s.length() > 63) {
      s = s.substring(0, 63);
    }
    s = s.replaceAll("^-+|-+$", "");
    return s;
  }

  public static Optional<String> check(String slug) {
    return VALID.matcher(slug).matches() ? Optional.empty()
        : Optional.of("invalid ref slug '" + slug + "': expected 1-63 lower-case letters, digits and '-',"
            + " not starting or ending with '-'");
  }
}
