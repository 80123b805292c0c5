package spacktainers.buildcache;

import java.util.Map;
import java.util.TreeMap;

/**
 * Requests sent to the bucket by operation, counting every HTTP attempt (retries included), and how
 * many of those attempts were retries.
 */
public record RequestStats(Map<String, Long> attempts, long retries) {
  public RequestStats {
    attempts = Map.copyOf(attempts);
  }

  public static RequestStats empty() {
    return new RequestStats(Map.of(), 0);
  }

  public long of(String operation) {
    return attempts.getOrDefault(operation, 0L);
  }

  public long total() {
    return attempts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The requests sent between {@code earlier} and this snapshot. */
  public RequestStats minus(RequestStats earlier) {
    Map<String, Long> d = new TreeMap<>();
    attempts.forEach((op, n) -> {
      long diff = n - earlier.of(op);
      if (diff != 0) {
        d.put(op, diff);
      }
    });
    return new RequestStats(d, retries - earlier.retries);
  }

  /** E.g. {@code 61 ListObjectsV2, 2 GetObject} in operation order. */
  public String describe() {
    if (attempts.isEmpty()) {
      return "no requests";
    }
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(attempts).forEach((op, n) ->
        sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(op));
    if (retries > 0) {
      sb.append(" (").append(retries).append(retries == 1 ? " retry" : " retries").append(')');
    }
    return sb.toString();
  }
}
