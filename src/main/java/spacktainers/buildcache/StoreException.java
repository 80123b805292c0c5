package spacktainers.buildcache;

/**
 * A request to the bucket failed after all retries. The message is safe to show: it names the
 * operation, key and the server's error code, never credentials or signed headers.
 */
public final class StoreException extends RuntimeException {
  private final boolean retryable;

  public StoreException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether trying again later may succeed (throttling, 5xx, network), as opposed to 403/404. */
  public boolean retryable() {
    return retryable;
  }
}
