package spacktainers.spack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problem;
import spacktainers.yaml.Location;
import spacktainers.yaml.YamlDocument;

/**
 * A Spack environment file ({@code spack.yaml}) as read from disk, with locations for messages. Key
 * paths given to {@link #where} are relative to the {@code spack:} mapping, as users think of them:
 * {@code container.images.os}, {@code config.install_tree}.
 */
public final class SpackEnvironment {
  private final YamlDocument document;
  private final ObjectNode spack;

  private SpackEnvironment(YamlDocument document, ObjectNode spack) {
    this.document = document;
    this.spack = spack;
  }

  /** Checks the top level: one {@code spack:} mapping (the legacy {@code env:} key is refused). */
  public static SpackEnvironment of(YamlDocument document) {
    JsonNode root = document.root();
    String file = document.source();
    if (root.isNull() || root.isMissingNode() || root.isObject() && root.isEmpty()) {
      throw InvalidInputException.of(file, "the file is empty; a Spack environment starts with 'spack:'");
    }
    if (!root.isObject()) {
      throw InvalidInputException.of(document.where(""), "a Spack environment is a mapping with one key, 'spack'");
    }
    List<Problem> problems = new ArrayList<>();
    root.fieldNames().forEachRemaining(key -> {
      if (key.equals("spack")) {
        return;
      }
      if (key.equals("env")) {
        problems.add(new Problem(document.where(key), "the top-level key 'env' is the pre-0.12 spelling, "
            + "which current Spack refuses", "rename 'env:' to 'spack:'"));
      } else {
        problems.add(new Problem(document.where(key), "unknown top-level key '" + key
            + "'; a Spack environment has only 'spack'", ""));
      }
    });
    JsonNode spack = root.get("spack");
    if (spack == null && problems.isEmpty()) {
      problems.add(Problem.at(file, "no 'spack:' key at the top level"));
    } else if (spack != null && !(spack instanceof ObjectNode) && !spack.isNull()) {
      problems.add(Problem.at(document.where("spack"), "must be a mapping"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    ObjectNode env = spack instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    return new SpackEnvironment(document, env);
  }

  /** The mapping under {@code spack:}; callers must not modify it. */
  public ObjectNode spack() {
    return spack;
  }

  public String source() {
    return document.source();
  }

  /**
   * {@code file:line:col: key.path} for a key path relative to {@code spack:}; a key that is not in
   * the file is located at its nearest parent that is.
   */
  public String where(String keyPath) {
    String full = keyPath.isEmpty() ? "spack" : "spack." + keyPath;
    String probe = full;
    while (true) {
      var loc = document.locate(probe);
      if (loc.isPresent()) {
        return render(loc.get(), keyPath);
      }
      int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
      if (cut <= 0) {
        return document.source() + (keyPath.isEmpty() ? "" : ": " + keyPath);
      }
      probe = probe.substring(0, cut);
    }
  }

  private String render(Location loc, String keyPath) {
    return document.source() + ":" + loc + (keyPath.isEmpty() ? "" : ": " + keyPath);
  }
}
