package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Estimates what GitLab counts against {@code max_yaml_size_bytes}: the memory of the Ruby object tree
 * Psych builds from the file, after aliases are expanded (GitLab's {@code Gitlab::Utils::DeepSize} sums
 * {@code ObjectSpace.memsize_of} over it). The model, for 64-bit CRuby 3:
 * <ul>
 *   <li>every object takes a 40-byte slot;
 *   <li>a String longer than 23 bytes also allocates its bytes plus a terminator;
 *   <li>an Array of more than 3 items allocates 8 bytes per item;
 *   <li>a Hash of up to 8 pairs allocates a 160-byte array table; a bigger one a 56-byte hash table
 *       plus about 40 bytes per slot (entry and bins), slots rounded up to a power of two;
 *   <li>integers, booleans, nil and small floats are immediate values and cost nothing.
 * </ul>
 * Keys count as strings. The estimate is additive over a mapping's pairs, so the splitter can size a
 * file job by job; it is deliberately a little high (Ruby shares frozen hash keys).
 */
public final class ParsedSize {
  private ParsedSize() {}

  public static long of(JsonNode node) {
    if (node.isObject()) {
      long size = hash(node.size());
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        size += pair(e.getKey(), e.getValue());
      }
      return size;
    }
    if (node.isArray()) {
      long size = array(node.size());
      for (JsonNode item : node) {
        size += of(item);
      }
      return size;
    }
    if (node.isTextual()) {
      return string(node.textValue());
    }
    return 0;
  }

  /** One key and its value inside a mapping. */
  public static long pair(String key, JsonNode value) {
    return string(key) + of(value);
  }

  public static long string(String s) {
    int bytes = s.length() < 8 ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    return 40 + (bytes > 23 ? bytes + 1 : 0);
  }

  public static long array(int items) {
    return 40 + (items > 3 ? 8L * items : 0);
  }

  public static long hash(int pairs) {
    if (pairs == 0) {
      return 40;
    }
    if (pairs <= 8) {
      return 40 + 160;
    }
    long slots = Long.highestOneBit(pairs - 1L) << 1;
    return 40 + 56 + slots * 40;
  }
}
