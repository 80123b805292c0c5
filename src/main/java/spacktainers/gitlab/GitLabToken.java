package spacktainers.gitlab;

import java.util.Objects;

/**
 * The credential for GitLab's API and where it came from. {@link #toString()} never shows the value.
 *
 * @param variable the environment variable it was read from, named in error messages
 * @param kind how GitLab expects it: a personal/project/group access token goes in {@code PRIVATE-TOKEN},
 *     a CI job token in {@code JOB-TOKEN}
 */
public record GitLabToken(String variable, Kind kind, String value) {
  public GitLabToken {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("empty token");
    }
  }

  /** How the token authenticates. */
  public enum Kind {
    /** Personal, project or group access token: header {@code PRIVATE-TOKEN}. */
    ACCESS_TOKEN,
    /** {@code CI_JOB_TOKEN}: header {@code JOB-TOKEN}; GitLab accepts it on few endpoints. */
    JOB_TOKEN
  }

  /** Replaces every occurrence of the token in {@code text}; for any text that may echo a request. */
  public String mask(String text) {
    return text == null ? "" : text.replace(value, "[MASKED]");
  }

  @Override
  public String toString() {
    return "GitLabToken[" + variable + ", " + kind + ", [MASKED]]";
  }
}
