package spacktainers.pipeline;

import java.util.regex.Pattern;

/** POSIX shell quoting for values written into job scripts. */
final class ShellWords {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellWords() {}

  static String quote(String s) {
    if (SAFE.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
