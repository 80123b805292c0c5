package spacktainers.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A deterministic block-style YAML writer: the same tree always gives the same bytes, with no anchors
 * or aliases, LF line ends, a trailing newline, and scalars quoted only where a YAML 1.1 or 1.2 reader
 * (GitLab uses Ruby's Psych, Spack uses ruamel) would otherwise read something else than the string.
 * Key order is the tree's order; callers order their maps.
 */
public final class YamlWriter {
  private static final String INDENT = "  ";
  /** Plain scalars that YAML 1.1 readers (Psych, SnakeYAML; not the spec's y/n) take as booleans or null. */
  private static final Pattern SPECIAL_WORD = Pattern.compile(
      "~|null|Null|NULL|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|=|<<");
  /** Numbers in YAML 1.1 or 1.2, including Psych's 1,000, base-60 and 0x/0o/0b forms. */
  private static final Pattern NUMBER_LIKE = Pattern.compile(
      "[-+]?(\\.[0-9]+|[0-9][0-9_,]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
          + "|[-+]?0[bBxXoO][0-9a-fA-F_,]+"
          + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
          + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  /** Dates and timestamps, which Psych and SnakeYAML turn into date objects. */
  private static final Pattern DATE_LIKE = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");

  private YamlWriter() {}

  public static String write(JsonNode root) {
    StringBuilder out = new StringBuilder(4096);
    if (root.isObject() && root.size() > 0) {
      writeMapping(out, root, 0);
    } else if (root.isArray() && root.size() > 0) {
      writeSequence(out, root, 0);
    } else {
      out.append(scalarOrEmpty(root)).append('\n');
    }
    return out.toString();
  }

  private static void writeMapping(StringBuilder out, JsonNode map, int level) {
    Iterator<Map.Entry<String, JsonNode>> it = map.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      indent(out, level);
      writeKeyValue(out, e.getKey(), e.getValue(), level);
    }
  }

  /** Writes {@code key: value} where the key starts at the current position (indent already written). */
  private static void writeKeyValue(StringBuilder out, String key, JsonNode value, int level) {
    out.append(scalar(key)).append(':');
    if (value.isObject() && value.size() > 0) {
      out.append('\n');
      writeMapping(out, value, level + 1);
    } else if (value.isArray() && value.size() > 0) {
      out.append('\n');
      writeSequence(out, value, level + 1);
    } else if (value.isTextual() && isBlockCandidate(value.textValue())) {
      writeBlockScalar(out, value.textValue(), level + 1);
    } else {
      out.append(' ').append(scalarOrEmpty(value)).append('\n');
    }
  }

  private static void writeSequence(StringBuilder out, JsonNode seq, int level) {
    for (JsonNode item : seq) {
      indent(out, level);
      out.append('-');
      if (item.isObject() && item.size() > 0) {
        out.append(' ');
        Iterator<Map.Entry<String, JsonNode>> it = item.fields();
        boolean first = true;
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!first) {
            indent(out, level + 1);
          }
          first = false;
          writeKeyValue(out, e.getKey(), e.getValue(), level + 1);
        }
      } else if (item.isArray() && item.size() > 0) {
        out.append('\n');
        writeSequence(out, item, level + 1);
      } else if (item.isTextual() && isBlockCandidate(item.textValue())) {
        writeBlockScalar(out, item.textValue(), level + 1);
      } else {
        out.append(' ').append(scalarOrEmpty(item)).append('\n');
      }
    }
  }

  private static void indent(StringBuilder out, int level) {
    for (int i = 0; i < level; i++) {
      out.append(INDENT);
    }
  }

  private static String scalarOrEmpty(JsonNode node) {
    if (node.isObject()) {
      return "{}";
    }
    if (node.isArray()) {
      return "[]";
    }
    if (node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "true" : "false";
    }
    if (node.isBigDecimal()) {
      return node.decimalValue().toString();
    }
    if (node.isNumber()) {
      return node.asText();
    }
    return scalar(node.asText());
  }

  /** Multi-line text is clearer as a literal block, when a literal block can carry it exactly. */
  private static boolean isBlockCandidate(String s) {
    if (s.indexOf('\n') < 0 || s.startsWith(" ") || s.startsWith("\n")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\t' || c < 0x20 && c != '\n' || c == 0x7f || c == '\uFEFF'
          || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false;
      }
      if (c == ' ' && (i + 1 == s.length() || s.charAt(i + 1) == '\n')) {
        return false; // trailing spaces survive a literal block, but editors strip them; quote instead
      }
    }
    return true;
  }

  private static void writeBlockScalar(StringBuilder out, String s, int level) {
    String chomp;
    String body = s;
    if (!s.endsWith("\n")) {
      chomp = "-";
    } else if (s.endsWith("\n\n")) {
      chomp = "+";
      body = s.substring(0, s.length() - 1);
    } else {
      chomp = "";
      body = s.substring(0, s.length() - 1);
    }
    out.append(" |").append(chomp).append('\n');
    for (String line : body.split("\n", -1)) {
      if (!line.isEmpty()) {
        indent(out, level);
        out.append(line);
      }
      out.append('\n');
    }
  }

  /** A scalar string, plain if YAML reads it back as the same string, else quoted. */
  public static String scalar(String s) {
    if (needsQuotes(s)) {
      return canSingleQuote(s) ? "'" + s.replace("'", "''") + "'" : doubleQuoted(s);
    }
    return s;
  }

  static boolean needsQuotes(String s) {
    if (s.isEmpty()) {
      return true;
    }
    char first = s.charAt(0);
    char last = s.charAt(s.length() - 1);
    if (first == ' ' || last == ' ' || last == ':') {
      return true;
    }
    switch (first) {
      case '!', '&', '*', '{', '}', '[', ']', ',', '#', '|', '>', '\'', '"', '%', '@', '`' -> {
        return true;
      }
      case '-', '?', ':' -> {
        if (s.length() == 1 || s.charAt(1) == ' ' || s.startsWith("---")) {
          return true;
        }
      }
      default -> { }
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\uFEFF' || c == '\u0085' || c == '\u2028' || c == '\u2029'
          || Character.isSurrogate(c) && !validSurrogate(s, i)) {
        return true;
      }
      if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
        return true;
      }
      if (c == '#' && s.charAt(i - 1) == ' ') {
        return true;
      }
    }
    if (first == '~' || first == '=' || first == '<' || Character.isLetter(first)) {
      if (s.length() <= 5 && SPECIAL_WORD.matcher(s).matches()) {
        return true;
      }
    }
    if (first == '-' || first == '+' || first == '.' || first >= '0' && first <= '9') {
      return NUMBER_LIKE.matcher(s).matches() || DATE_LIKE.matcher(s).matches();
    }
    return false;
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private static boolean canSingleQuote(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\uFEFF' || c == '\u0085' || c == '\u2028' || c == '\u2029'
          || Character.isSurrogate(c) && !validSurrogate(s, i)) {
        return false;
      }
    }
    return true;
  }

  private static String doubleQuoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\0' -> sb.append("\\0");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\uFEFF' || c == '\u0085' || c == '\u2028' || c == '\u2029'
              || Character.isSurrogate(c) && !validSurrogate(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
