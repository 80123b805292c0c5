package spacktainers.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed YAML document: the tree (aliases and merge keys resolved, key order kept) plus where each
 * key path came from, so errors can say {@code file:line:col: key.path: message}.
 *
 * <p>Key paths use dots for mapping keys and {@code [i]} for sequence items: {@code container.images.os},
 * {@code spack.specs[2]}. The root is the empty path.
 */
public record YamlDocument(String source, JsonNode root, Map<String, Location> locations) {
  public YamlDocument {
    locations = Map.copyOf(locations);
  }

  public Optional<Location> locate(String keyPath) {
    return Optional.ofNullable(locations.get(keyPath));
  }

  /**
   * {@code source:line:col: key.path}. When the path itself has no recorded location (a reader may keep
   * only the upper levels of a big file), the nearest parent's is used; when none is known, it is dropped.
   */
  public String where(String keyPath) {
    StringBuilder sb = new StringBuilder(source);
    Optional<Location> at = locate(keyPath);
    for (String p = keyPath; at.isEmpty() && !p.isEmpty(); ) {
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
      at = p.isEmpty() ? Optional.empty() : locate(p);
    }
    at.ifPresent(l -> sb.append(':').append(l));
    if (!keyPath.isEmpty()) {
      sb.append(": ").append(keyPath);
    }
    return sb.toString();
  }

  /** The key path of a child key under {@code parent}. */
  public static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** The key path of a sequence item under {@code parent}. */
  public static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
