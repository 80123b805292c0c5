package spacktainers.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import spacktainers.common.OperationFailedException;
import spacktainers.common.SpacktainersException;

/** {@link ImageProbe} against registries, running up to the configured number of probes at once. */
public final class RegistryProbe implements ImageProbe {
  private final ImageResolver resolver;
  private final int concurrency;

  public RegistryProbe(RegistrySession session) {
    this.resolver = new ImageResolver(session);
    this.concurrency = session.settings().concurrency();
  }

  @Override
  public ProbeResult probe(ImageRef ref, Platform platform) {
    ImageResolver.Resolution resolution = resolver.resolve(ref, platform);
    if (resolution instanceof ImageResolver.Resolution.Found f) {
      return new ProbeResult.Present(ref, platform, f.image().manifest().digest(), f.image().labels());
    }
    return new ProbeResult.Missing(ref, platform, ((ImageResolver.Resolution.NotFound) resolution).reason());
  }

  @Override
  public List<ProbeResult> probeAll(List<Request> requests) {
    if (requests.size() <= 1 || concurrency == 1) {
      return ImageProbe.super.probeAll(requests);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, requests.size()), r -> {
      Thread t = new Thread(r, "spacktainers-probe");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<ProbeResult>> futures = new ArrayList<>();
      for (Request r : requests) {
        futures.add(pool.submit(() -> probe(r.ref(), r.platform())));
      }
      List<ProbeResult> results = new ArrayList<>();
      for (Future<ProbeResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SpacktainersException se) {
        throw se;
      }
      throw new OperationFailedException("", "probe failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("", "interrupted while probing registries", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
