package spacktainers.recipe;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting for values written into recipes. */
public final class Shell {
  private Shell() {}

  /**
   * A word the shell reads back as exactly {@code s}: left bare when it consists only of characters
   * that are never special, otherwise single-quoted (where nothing is special, not even {@code $},
   * backslash or backtick), with each embedded {@code '} written as {@code '\''}.
   */
  public static String quote(String s) {
    if (!s.isEmpty() && isSafe(s)) {
      return s;
    }
    return singleQuote(s);
  }

  /** Always single-quoted, so every value in a list lines up the same way. */
  public static String singleQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  public static String quoteAll(List<String> words) {
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }

  private static boolean isSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '@'
          || c == '%';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
