package spacktainers.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import spacktainers.common.InvalidInputException;

/**
 * A registry image reference {@code [host[:port]/]path[:tag][@algorithm:hex]}, parsed with the
 * grammar of the distribution project: the first component is a registry host when it contains a
 * {@code .} or {@code :} or is {@code localhost}; Docker Hub is the default registry and
 * {@code library/} the default namespace of one-component names.
 *
 * @param registry the registry host (with port), {@code docker.io} when none was written
 * @param repository the path within the registry, {@code library/ubuntu} for {@code ubuntu}
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {
  public static final String DOCKER_HUB = "docker.io";
  private static final Pattern HOST = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-fA-F0-9]{32,})");

  /** Parses {@code text}; errors are input errors located at {@code where}. */
  public static ImageReference parse(String text, String where) {
    String s = text.strip();
    if (s.startsWith("docker://")) {
      s = s.substring("docker://".length());
    }
    if (s.isEmpty()) {
      throw InvalidInputException.of(where, "empty image reference");
    }
    Optional<String> digest = Optional.empty();
    int at = s.indexOf('@');
    if (at >= 0) {
      String d = s.substring(at + 1);
      Matcher m = DIGEST.matcher(d);
      if (!m.matches()) {
        throw InvalidInputException.of(where, "invalid digest '" + d + "' in image reference '" + text
            + "': expected <algorithm>:<hex>, e.g. sha256:<64 hex digits>");
      }
      if (m.group(1).equals("sha256") && m.group(2).length() != 64) {
        throw InvalidInputException.of(where, "invalid sha256 digest in '" + text + "': expected 64 hex digits");
      }
      digest = Optional.of(d);
      s = s.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    if (colon > slash) {
      String t = s.substring(colon + 1);
      if (!TAG.matcher(t).matches()) {
        throw InvalidInputException.of(where, "invalid tag '" + t + "' in image reference '" + text + "'");
      }
      tag = Optional.of(t);
      s = s.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    String path = s;
    int first = s.indexOf('/');
    if (first >= 0) {
      String head = s.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost") || !head.equals(head.toLowerCase())) {
        if (!HOST.matcher(head).matches()) {
          throw InvalidInputException.of(where, "invalid registry host '" + head + "' in image reference '"
              + text + "'");
        }
        registry = head;
        path = s.substring(first + 1);
      }
    }
    if (path.isEmpty()) {
      throw InvalidInputException.of(where, "image reference '" + text + "' names no repository");
    }
    for (String part : path.split("/", -1)) {
      if (!Names.PATH_COMPONENT.matcher(part).matches()) {
        throw InvalidInputException.of(where, "invalid repository '" + path + "' in image reference '" + text
            + "': each part must be lower-case letters and digits with '.', '_', '__' or '-' between them");
      }
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    return new ImageReference(registry, path, tag, digest);
  }

  /** The full reference, registry and all: {@code docker.io/library/ubuntu:22.04}. */
  public String canonical() {
    return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  @Override
  public String toString() {
    return canonical();
  }
}
