package spacktainers.common;

/** A user's value inside an error message: quoted, on one line, and not longer than a line. */
public final class Shown {
  private static final int MAX = 60;

  private Shown() {}

  public static String value(String s) {
    StringBuilder sb = new StringBuilder("'");
    int n = 0;
    for (int i = 0; i < s.length() && n < MAX; i++, n++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (s.length() > MAX) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }
}
