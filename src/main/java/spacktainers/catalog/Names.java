package spacktainers.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for the names the catalogue hands to registries, buckets and CI. Each check returns the
 * reason a value is rejected, or empty when it is fine.
 */
public final class Names {
  /** An OCI repository path component, minus {@code __} (our field separator in tags and SIF names). */
  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9]+(?:(?:[._]|-+)[a-z0-9]+)*");
  /** An OCI repository path component. */
  static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern HOST = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern BRANCH_BAD = Pattern.compile("[\\x00-\\x20\\x7f~^:?*\\[\\\\]|\\.\\.|@\\{|//");
  public static final int MAX_CONTAINER_NAME = 128;

  private Names() {}

  /** A container name: lower-case letters, digits and single {@code . _} or runs of {@code -} between them. */
  public static Optional<String> checkContainer(String name) {
    if (name.isEmpty()) {
      return Optional.of("empty container name");
    }
    if (name.length() > MAX_CONTAINER_NAME) {
      return Optional.of("container name is longer than " + MAX_CONTAINER_NAME + " characters");
    }
    if (!CONTAINER.matcher(name).matches()) {
      return Optional.of("invalid container name '" + name + "': use lower-case letters, digits and"
          + " '-', '_' or '.' between them (no '__', no leading or trailing separator)");
    }
    return Optional.empty();
  }

  /** A registry namespace such as {@code hpc/spacktainers}: OCI path components joined by {@code /}. */
  public static Optional<String> checkNamespace(String namespace) {
    if (namespace.isEmpty()) {
      return Optional.empty();
    }
    for (String part : namespace.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(part).matches()) {
        return Optional.of("invalid image namespace '" + namespace + "': each '/'-separated part must be"
            + " lower-case letters and digits with '.', '_', '__' or '-' between them");
      }
    }
    return Optional.empty();
  }

  public static Optional<String> checkRepositoryComponent(String name) {
    return PATH_COMPONENT.matcher(name).matches() ? Optional.empty()
        : Optional.of("invalid image name '" + name + "': use lower-case letters and digits with '.', '_'"
            + " or '-' between them");
  }

  /** A registry host with optional port: {@code registry.example.org:5000}. */
  public static Optional<String> checkHost(String host) {
    return HOST.matcher(host).matches() ? Optional.empty()
        : Optional.of("invalid registry host '" + host + "': expected a host name with an optional :port");
  }

  /** The name of a CI variable (never its value). */
  public static Optional<String> checkVariable(String name) {
    return VARIABLE.matcher(name).matches() ? Optional.empty()
        : Optional.of("invalid CI variable name '" + name + "': expected letters, digits and '_'");
  }

  /** An S3 bucket name (the general-purpose bucket rules). */
  public static Optional<String> checkBucket(String bucket) {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      return Optional.of("invalid bucket name '" + bucket + "': 3-63 lower-case letters, digits, '.' and"
          + " '-', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** A git branch name, as far as git itself would accept it. */
  public static Optional<String> checkBranch(String branch) {
    if (branch.isEmpty() || branch.startsWith("-") || branch.startsWith("/") || branch.endsWith("/")
        || branch.endsWith(".") || branch.endsWith(".lock") || BRANCH_BAD.matcher(branch).find()) {
      return Optional.of("invalid branch name '" + branch + "'");
    }
    return Optional.empty();
  }
}
