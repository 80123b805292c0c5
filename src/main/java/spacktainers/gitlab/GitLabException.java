package spacktainers.gitlab;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed GitLab request. The message never contains a token: adapters build it from the status,
 * the server's own short message and the request path.
 *
 * @see GitLabErrors for the sentence the user sees
 */
public final class GitLabException extends RuntimeException {
  private final int status;
  private final String serverMessage;
  private final Optional<Duration> retryAfter;
  private final Optional<String> requiredScope;

  private GitLabException(int status, String serverMessage, Optional<Duration> retryAfter,
      Optional<String> requiredScope, Throwable cause) {
    super(status == 0 ? "connection failed: " + serverMessage : "HTTP " + status + ": " + serverMessage, cause);
    this.status = status;
    this.serverMessage = Objects.requireNonNull(serverMessage, "serverMessage");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.requiredScope = Objects.requireNonNull(requiredScope, "requiredScope");
  }

  /** GitLab answered with an error status. */
  public static GitLabException http(int status, String serverMessage, Optional<Duration> retryAfter,
      Optional<String> requiredScope) {
    return new GitLabException(status, serverMessage, retryAfter, requiredScope, null);
  }

  /** No usable answer: refused, reset, timed out, or the body broke off. */
  public static GitLabException connection(String what, Throwable cause) {
    return new GitLabException(0, what, Optional.empty(), Optional.empty(), cause);
  }

  /** The HTTP status, or 0 for a connection failure. */
  public int status() {
    return status;
  }

  public String serverMessage() {
    return serverMessage;
  }

  /** The server's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  /** For 403 insufficient_scope: the scopes GitLab named as sufficient (e.g. {@code api read_api}). */
  public Optional<String> requiredScope() {
    return requiredScope;
  }

  public boolean isConnectionFailure() {
    return status == 0;
  }

  /** Worth trying again: rate limiting, server errors and broken connections. */
  public boolean isTransient() {
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }
}
