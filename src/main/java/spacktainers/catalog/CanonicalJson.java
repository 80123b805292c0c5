package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A canonical serialisation of a YAML/JSON tree for hashing: mapping keys sorted by code point,
 * no whitespace, strings JSON-escaped, numbers as written ({@code 1.10} and {@code 1.1} differ, as
 * they do for Spack versions), and the kind of each scalar kept ({@code "1"} is not {@code 1}).
 * Two files that differ only in key order, layout, comments, quoting style or anchors give the
 * same bytes.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static byte[] bytes(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode n, StringBuilder sb) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      sb.append("null");
    } else if (n.isObject()) {
      List<String> keys = new ArrayList<>(n.size());
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      keys.sort(null);
      sb.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(keys.get(i), sb);
        sb.append(':');
        write(n.get(keys.get(i)), sb);
      }
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(n.get(i), sb);
      }
      sb.append(']');
    } else if (n.isTextual()) {
      string(n.textValue(), sb);
    } else if (n.isBigDecimal()) {
      sb.append(n.decimalValue().toString());
    } else {
      sb.append(n.asText());
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
