package spacktainers.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import spacktainers.common.InvalidInputException;

/**
 * One image layer to build: a host file or folder and where it goes in the image.
 *
 * @param source host path (a folder's contents go below {@code destination})
 * @param destination absolute, normalised path in the image; a trailing {@code /} (as written by the
 *     user) puts a single source file into that folder under its own name
 * @param fileMode octal mode forced on regular files, or empty to keep each file's own mode
 */
public record LayerSpec(Path source, String destination, Optional<Integer> fileMode) {

  /**
   * Parses {@code SRC:DST[:MODE]}. SRC may itself contain colons; DST and MODE may not. MODE is 3 or 4
   * octal digits.
   */
  public static LayerSpec parse(String text, String where) {
    String hint = "write SRC:DST[:MODE], e.g. build/view:/opt/view or run.sh:/usr/local/bin/run.sh:0755";
    List<String> parts = new ArrayList<>(List.of(text.split(":", -1)));
    Optional<Integer> mode = Optional.empty();
    if (parts.size() >= 3 && parts.get(parts.size() - 1).matches("[0-7]{3,4}")) {
      mode = Optional.of(Integer.parseInt(parts.remove(parts.size() - 1), 8));
    } else if (parts.size() >= 3 && parts.get(parts.size() - 1).matches("\\d+")) {
      throw InvalidInputException.of(where, "'" + parts.get(parts.size() - 1) + "' in '" + text
          + "' is not an octal file mode", "use 3 or 4 octal digits such as 0644 or 755");
    }
    if (parts.size() < 2) {
      throw InvalidInputException.of(where, "'" + text + "' has no destination", hint);
    }
    String destination = parts.remove(parts.size() - 1);
    String source = String.join(":", parts);
    if (source.isEmpty()) {
      throw InvalidInputException.of(where, "'" + text + "' has an empty source path", hint);
    }
    return new LayerSpec(Path.of(source), normaliseDestination(destination, text, where, hint), mode);
  }

  private static String normaliseDestination(String destination, String text, String where, String hint) {
    if (!destination.startsWith("/")) {
      throw InvalidInputException.of(where, "destination '" + destination + "' in '" + text + "' is not absolute", hint);
    }
    List<String> segments = new ArrayList<>();
    for (String s : destination.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        throw InvalidInputException.of(where, "destination '" + destination + "' in '" + text + "' contains '..'", hint);
      }
      segments.add(s);
    }
    String normalised = "/" + String.join("/", segments);
    return destination.endsWith("/") && !segments.isEmpty() ? normalised + "/" : normalised;
  }

  /** Where the source lands: {@code destination}, or inside it when it ends with {@code /} and the source is a file. */
  String target(Path realSource, boolean directory) {
    if (directory || !destination.endsWith("/")) {
      return destination.endsWith("/") && destination.length() > 1
          ? destination.substring(0, destination.length() - 1) : destination;
    }
    return destination + realSource.getFileName();
  }

  public LayerSpec withSource(Path resolved) {
    return new LayerSpec(resolved, destination, fileMode);
  }

  @Override
  public String toString() {
    return source + ":" + destination + fileMode.map(m -> ":" + String.format("%04o", m)).orElse("");
  }
}
