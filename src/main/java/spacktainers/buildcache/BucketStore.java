package spacktainers.buildcache;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The few S3 operations the janitor needs, so the planner and executor are tested against a real
 * S3 server or a fault-injecting wrapper without depending on the SDK. Implementations are
 * thread-safe; every method throws {@link StoreException} when the request fails after the
 * implementation's own retries.
 */
public interface BucketStore {
  /** The bucket name, for messages. */
  String bucket();

  /** Lists every object under {@code prefix}, one page (at most 1000 keys) per request, in key order. */
  void list(String prefix, Consumer<List<StoredObject>> pageSink);

  /** The object's content and metadata, or empty when it does not exist. */
  Optional<Content> get(String key);

  /** The object's metadata, or empty when it does not exist. */
  Optional<StoredObject> head(String key);

  /** Writes an object (replacing any existing one). */
  void put(String key, byte[] body, String contentType, String cacheControl);

  /**
   * Deletes up to 1000 keys in one request. Returns the keys the server reported as not deleted;
   * a key that did not exist counts as deleted (S3 semantics).
   */
  List<KeyError> delete(List<String> keys);

  /** Requests sent so far (including the SDK's retries), for the report and the benchmark. */
  RequestStats stats();

  /** An object's bytes and its metadata. */
  record Content(StoredObject meta, byte[] body) {}

  /** One key a DeleteObjects request could not delete, with the server's code and message. */
  record KeyError(String key, String code, String message) {}
}
