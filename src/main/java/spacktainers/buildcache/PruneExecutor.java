package spacktainers.buildcache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import spacktainers.common.Reporter;

/**
 * Carries out a plan's deletions with DeleteObjects: batches of at most 1000 keys, a few batches in
 * flight. The store's SDK retries whole requests (throttling, 5xx, dropped connections); on top of
 * that, keys the server reports as not deleted in a 200 response, and batches that still failed, are
 * tried again in later rounds with backoff. What is left after the last round is returned, never
 * swallowed.
 *
 * <p>Keys are sent entry points first (v2 spec files, v3 spec manifests), data last (tarballs,
 * blobs), packed into as few requests as possible: {@code ceil(keys / 1000)}. Requests made only of
 * entry points run before the others, and a spec whose entry point could not be deleted keeps its
 * data when that is still unsent, so a Spack client rarely finds a spec whose data is gone. Whatever
 * a crash or a failure leaves behind is an orphan the next run removes.
 */
public final class PruneExecutor {
  /** S3's limit for one DeleteObjects request. */
  public static final int MAX_BATCH = 1000;

  private final BucketStore store;
  private final Reporter reporter;
  private final Settings settings;

  /**
   * @param batchSize keys per DeleteObjects request (1..1000)
   * @param parallelism requests in flight at once
   * @param rounds how often keys that failed are tried again
   * @param backoff the pause before the first retry round, doubled each round
   */
  public record Settings(int batchSize, int parallelism, int rounds, Duration backoff) {
    public Settings {
      if (batchSize < 1 || batchSize > MAX_BATCH) {
        throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH);
      }
      if (parallelism < 1 || rounds < 0) {
        throw new IllegalArgumentException("parallelism >= 1 and rounds >= 0");
      }
    }

    public static Settings defaults() {
      return new Settings(MAX_BATCH, 4, 3, Duration.ofSeconds(2));
    }
  }

  /** A key that could not be deleted, with the last error seen. */
  public record Failure(String key, String code, String message) {}

  /**
   * @param deleted keys deleted (or already gone)
   * @param failures keys left, sorted by key; includes data not attempted because its entry point failed
   * @param deletedBytes bytes of the deleted keys, as planned
   * @param requests DeleteObjects requests made (not counting the SDK's own retries)
   */
  public record Outcome(Set<String> deleted, List<Failure> failures, long deletedBytes, long requests) {
    public Outcome {
      deleted = Set.copyOf(deleted);
      failures = List.copyOf(failures);
    }
  }

  public PruneExecutor(BucketStore store, Reporter reporter, Settings settings) {
    this.store = store;
    this.reporter = reporter;
    this.settings = settings;
  }

  public Outcome apply(List<Deletion> deletions) {
    Map<String, Deletion> byKey = new LinkedHashMap<>();
    for (Deletion d : deletions) {
      if (byKey.putIfAbsent(d.key(), d) != null) {
        throw new IllegalArgumentException("object planned twice: " + d.key());
      }
    }
    List<String> entryPoints = new ArrayList<>();
    List<Deletion> data = new ArrayList<>();
    for (Deletion d : byKey.values()) {
      if (d.entryPoint()) {
        entryPoints.add(d.key());
      } else {
        data.add(d);
      }
    }
    Progress progress = new Progress(byKey.size());
    Map<String, Failure> failures = new TreeMap<>();
    Set<String> deleted = new TreeSet<>();
    AtomicLong requests = new AtomicLong();

    // Full requests of entry points first; the remainder shares requests with the data.
    int first = entryPoints.size() - entryPoints.size() % settings.batchSize();
    runPhase(entryPoints.subList(0, first), deleted, failures, requests, progress);
    Set<String> blockedSpecs = new TreeSet<>();
    for (String k : failures.keySet()) {
      blockedSpecs.add(byKey.get(k).specId());
    }
    List<String> rest = new ArrayList<>(entryPoints.subList(first, entryPoints.size()));
    for (Deletion d : data) {
      if (!d.specId().isEmpty() && blockedSpecs.contains(d.specId())) {
        failures.put(d.key(), new Failure(d.key(), "NotAttempted",
            "kept because the spec's entry point could not be deleted"));
      } else {
        rest.add(d.key());
      }
    }
    runPhase(rest, deleted, failures, requests, progress);
    long bytes = deleted.stream().mapToLong(k -> byKey.get(k).object().size()).sum();
    return new Outcome(deleted, new ArrayList<>(failures.values()), bytes, requests.get());
  }

  private void runPhase(List<String> keys, Set<String> deleted, Map<String, Failure> failures, AtomicLong requests,
      Progress progress) {
    List<String> pending = keys;
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round > 0) {
        sleep(settings.backoff().multipliedBy(1L << Math.min(round - 1, 10)));
      }
      Map<String, Failure> failed = runRound(pending, requests, progress);
      for (String k : pending) {
        if (!failed.containsKey(k)) {
          deleted.add(k);
          failures.remove(k);
        }
      }
      failures.putAll(failed);
      if (round >= settings.rounds()) {
        break;
      }
      pending = failed.values().stream().filter(f -> retryable(f.code())).map(Failure::key).sorted().toList();
      if (!pending.isEmpty()) {
        reporter.progress("retrying " + pending.size() + " keys that were not deleted (round " + (round + 2) + ")");
      }
    }
  }

  private Map<String, Failure> runRound(List<String> keys, AtomicLong requests, Progress progress) {
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism(), r -> {
      Thread t = new Thread(r, "spacktainers-delete");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<Failure>>> futures = new ArrayList<>();
      for (int i = 0; i < keys.size(); i += settings.batchSize()) {
        List<String> batch = keys.subList(i, Math.min(keys.size(), i + settings.batchSize()));
        futures.add(pool.submit(() -> deleteBatch(batch, requests, progress)));
      }
      Map<String, Failure> failed = new TreeMap<>();
      for (Future<List<Failure>> f : futures) {
        try {
          f.get().forEach(x -> failed.put(x.key(), x));
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while deleting", false, e);
        }
      }
      return failed;
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Failure> deleteBatch(List<String> batch, AtomicLong requests, Progress progress) {
    requests.incrementAndGet();
    List<Failure> out = new ArrayList<>();
    try {
      for (BucketStore.KeyError e : store.delete(batch)) {
        out.add(new Failure(e.key(), e.code(), e.message()));
      }
    } catch (StoreException e) {
      String code = e.retryable() ? "RequestFailed" : "RequestRefused";
      for (String k : batch) {
        out.add(new Failure(k, code, e.getMessage()));
      }
    }
    progress.done(batch.size() - out.size());
    return out;
  }

  // Permission and configuration errors will not go away by asking again.
  private static boolean retryable(String code) {
    return !Set.of("AccessDenied", "NoSuchBucket", "InvalidArgument", "RequestRefused", "NotAttempted",
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled").contains(code);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to retry", false, e);
    }
  }

  private final class Progress {
    private final long total;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();

    Progress(long total) {
      this.total = total;
    }

    void done(long n) {
      long d = done.addAndGet(n);
      double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
      reporter.progress(String.format(Locale.ROOT, "deleting: %,d of %,d objects (%,.0f objects/s)", d, total,
          d / secs));
    }
  }
}
