package spacktainers.buildcache;

import java.time.Instant;
import java.util.Objects;

/**
 * One object as the bucket listing reported it. The ETag identifies the content, so a saved plan can
 * tell whether an object changed since it was planned.
 *
 * @param key full key in the bucket (including the mirror prefix)
 */
public record StoredObject(String key, long size, Instant lastModified, String etag) {
  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
    etag = etag == null ? "" : etag;
  }
}
