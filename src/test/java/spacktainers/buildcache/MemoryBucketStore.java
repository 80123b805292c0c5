package spacktainers.buildcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A {@link BucketStore} in memory for unit tests of the executor and of whole runs: S3 semantics
 * (sorted listing in pages of 1000, missing keys count as deleted), every DeleteObjects batch
 * recorded, and an optional hook that fails chosen keys or whole requests.
 */
final class MemoryBucketStore implements BucketStore {
  private final TreeMap<String, Content> objects = new TreeMap<>();
  private final List<List<String>> deleteBatches = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong lists = new AtomicLong();
  private final AtomicLong gets = new AtomicLong();
  /** (key, attempt number of that key) -> error code, or null to delete. */
  volatile BiFunction<String, Integer, String> keyFault = (k, n) -> null;
  /** Whole DeleteObjects request number -> throw? */
  volatile java.util.function.IntPredicate requestFault = n -> false;
  private final Map<String, Integer> attemptsByKey = new java.util.concurrent.ConcurrentHashMap<>();

  void put(StoredObject o) {
    synchronized (objects) {
      objects.put(o.key(), new Content(o, new byte[0]));
    }
  }

  void put(StoredObject o, byte[] body) {
    synchronized (objects) {
      objects.put(o.key(), new Content(o, body));
    }
  }

  List<String> keys() {
    synchronized (objects) {
      return new ArrayList<>(objects.keySet());
    }
  }

  List<List<String>> deleteBatches() {
    return List.copyOf(deleteBatches);
  }

  @Override
  public String bucket() {
    return "memory";
  }

  @Override
  public void list(String prefix, Consumer<List<StoredObject>> pageSink) {
    List<StoredObject> all;
    synchronized (objects) {
      all = objects.tailMap(prefix).values().stream().map(Content::meta)
          .takeWhile(o -> o.key().startsWith(prefix)).toList();
    }
    for (int i = 0; i < all.size() || i == 0; i += 1000) {
      lists.incrementAndGet();
      pageSink.accept(all.subList(i, Math.min(all.size(), i + 1000)));
    }
  }

  @Override
  public Optional<Content> get(String key) {
    gets.incrementAndGet();
    synchronized (objects) {
      return Optional.ofNullable(objects.get(key));
    }
  }

  @Override
  public Optional<StoredObject> head(String key) {
    return get(key).map(Content::meta);
  }

  @Override
  public void put(String key, byte[] body, String contentType, String cacheControl) {
    put(new StoredObject(key, body.length, java.time.Instant.now(), IndexRewriter.sha256(body)), body);
  }

  @Override
  public List<KeyError> delete(List<String> keys) {
    if (keys.size() > 1000) {
      throw new IllegalArgumentException("more than 1000 keys");
    }
    int n = deleteBatches.size();
    deleteBatches.add(List.copyOf(keys));
    if (requestFault.test(n)) {
      throw new StoreException("delete " + keys.size() + " objects: HTTP 500 InternalError", true, null);
    }
    List<KeyError> errors = new ArrayList<>();
    for (String k : keys) {
      int attempt = attemptsByKey.merge(k, 1, Integer::sum);
      String code = keyFault.apply(k, attempt);
      if (code != null) {
        errors.add(new KeyError(k, code, "injected"));
      } else {
        synchronized (objects) {
          objects.remove(k);
        }
      }
    }
    return errors;
  }

  @Override
  public RequestStats stats() {
    Map<String, Long> m = new TreeMap<>();
    m.put("ListObjectsV2", lists.get());
    m.put("GetObject", gets.get());
    m.put("DeleteObjects", (long) deleteBatches.size());
    return new RequestStats(m, 0);
  }
}
