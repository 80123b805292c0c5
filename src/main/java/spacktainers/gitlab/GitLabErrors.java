package spacktainers.gitlab;

import java.util.Objects;
import spacktainers.common.OperationFailedException;

/**
 * Turns a failed request into the sentence a CI engineer can act on: which pipeline, bridge or job
 * was asked for, which token variable was used and what it lacks. Never includes the token.
 */
final class GitLabErrors {
  private final GitLabToken token;
  private final String apiUrl;
  private final int retries;

  GitLabErrors(GitLabToken token, String apiUrl, int retries) {
    this.token = Objects.requireNonNull(token, "token");
    this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
    this.retries = retries;
  }

  /**
   * @param where the object asked for, e.g. {@code pipeline 1001 of project 42}
   * @param action what was being done, e.g. {@code list its trigger jobs}
   * @param notFound what a 404 means for this request
   * @param listing true for the bridges/jobs listings, which GitLab does not open to job tokens
   */
  OperationFailedException explain(GitLabException e, String where, String action, String notFound,
      boolean listing) {
    String server = token.mask(e.serverMessage());
    int s = e.status();
    if (e.isConnectionFailure()) {
      return failed(where, "cannot " + action + ": no answer from GitLab at " + apiUrl + " (" + server + ")"
          + afterRetries(), "check the API URL (--api-url or CI_API_V4_URL) and the network");
    }
    if (s == 401) {
      if (token.kind() == GitLabToken.Kind.JOB_TOKEN && listing) {
        return failed(where, "cannot " + action + ": GitLab does not accept " + token.variable()
                + " (a CI job token) for listing pipeline trigger jobs and jobs (HTTP 401)",
            "store a project access token with the read_api scope and the Reporter role in a CI/CD variable"
                + " and name it with --token-variable (default GITLAB_API_TOKEN); the job token is enough"
                + " only for the artifact downloads");
      }
      return failed(where, "cannot " + action + ": GitLab rejected the token in " + token.variable()
              + " (HTTP 401: " + server + "): it is wrong, expired or revoked",
          "create a new access token with the read_api scope and store it in " + token.variable());
    }
    if (s == 403) {
      if (e.requiredScope().isPresent()) {
        return failed(where, "cannot " + action + ": the token in " + token.variable()
                + " lacks the scope for this request (HTTP 403 insufficient_scope; GitLab accepts: "
                + e.requiredScope().get().replace(" ", " or ") + ")",
            "give the token the read_api scope (a token with only read_repository or read_registry is not enough)");
      }
      if (token.kind() == GitLabToken.Kind.JOB_TOKEN) {
        return failed(where, "cannot " + action + ": the CI job token in " + token.variable()
                + " may not access this project (HTTP 403: " + server + ")",
            "add the job's project to the target project's CI/CD job token allowlist, or use an access token"
                + " with --token-variable");
      }
      return failed(where, "cannot " + action + ": the token in " + token.variable()
              + " is not allowed to (HTTP 403: " + server + ")",
          "the token's user or bot needs at least the Reporter role in the project, and the token the read_api"
              + " scope");
    }
    if (s == 404) {
      return failed(where, notFound + " (HTTP 404: " + server + ")",
          token.kind() == GitLabToken.Kind.JOB_TOKEN && listing
              ? "GitLab ignores CI job tokens on this endpoint and answers as to an anonymous user; use an access"
                  + " token with the read_api scope (--token-variable, default GITLAB_API_TOKEN)"
              : "check the IDs and --project; GitLab also answers 404 when the token cannot see the project");
    }
    if (s == 429) {
      return failed(where, "cannot " + action + ": GitLab kept rate-limiting the requests (HTTP 429)"
          + afterRetries(), "try again later, or raise --retries / --retry-delay");
    }
    if (s >= 300 && s < 400) {
      return failed(where, "cannot " + action + ": GitLab redirected (HTTP " + s + ") where an answer was"
          + " expected", "check --api-url: it must be the API root, as in CI_API_V4_URL (https://host/api/v4)");
    }
    if (s == 200) {
      return failed(where, "cannot " + action + ": " + server,
          "check --api-url: it must be the API root, as in CI_API_V4_URL (https://host/api/v4)");
    }
    return failed(where, "cannot " + action + ": GitLab answered HTTP " + s + " (" + server + ")"
        + (e.isTransient() ? afterRetries() : ""), s >= 500 ? "GitLab is failing; try again later" : "");
  }

  private String afterRetries() {
    return retries == 0 ? "" : " after " + retries + (retries == 1 ? " retry" : " retries");
  }

  private OperationFailedException failed(String where, String message, String hint) {
    return new OperationFailedException(where, token.mask(message), token.mask(hint), null);
  }
}
