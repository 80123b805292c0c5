package spacktainers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import spacktainers.buildcache.CacheInventory;
import spacktainers.buildcache.PruneExecutor;
import spacktainers.buildcache.PrunePlanner;
import spacktainers.buildcache.PruneRules;
import spacktainers.buildcache.PruneRun;
import spacktainers.buildcache.PruneService;
import spacktainers.buildcache.RequestStats;
import spacktainers.buildcache.S3BucketStore;
import spacktainers.common.Reporter;
import spacktainers.testing.S3ProxyServer;

/**
 * {@code cache prune} against S3Proxy (embedded, filesystem store) with a generated v2 cache of
 * 20,000 specs: 60,002 objects (spec.json, spec.json.sig and tarball per spec, plus the index).
 * Reports wall time and request counts for plan and apply, the planner's own time, and peak heap.
 * Run it with {@code bench/cache-prune.sh} (which caps the heap at 512 MB).
 */
public final class CachePruneBench {
  static final int SPECS = 20_000;
  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    // S3Proxy's filesystem store lists slowly from a disk; tmpfs keeps the benchmark about our requests.
    Path parent = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
    Path dir = Files.createTempDirectory(parent, "prune-bench");
    List<double[]> rows = new ArrayList<>();
    double retained = 0;
    try (S3ProxyServer s3 = S3ProxyServer.start(dir)) {
      for (int rep = 0; rep < reps; rep++) {
        String bucket = "bench-" + rep;
        s3.createBucket(bucket);
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        Set<String> keep = seed(s3, bucket, now, new Random(42));
        double seedS = (System.nanoTime() - t0) / 1e9;

        try (S3BucketStore store = new S3BucketStore(new S3BucketStore.Settings(bucket,
            java.util.Optional.of(s3.endpoint()), java.util.Optional.empty(), true, 32, S3BucketStore.retryStrategy(10)),
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY,
                    S3ProxyServer.SECRET_KEY)))) {
          PruneService service = new PruneService(store, Reporter.SILENT, PruneExecutor.Settings.defaults(), 16);
          PruneRules rules = new PruneRules(now, Duration.ofDays(30), Duration.ofDays(1));
          // Baseline: the bare paginated listing with the SDK, to tell S3Proxy's time from ours.
          long b0 = System.nanoTime();
          long listed = s3.client().listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(1000)).contents().stream().count();
          double bareListS = (System.nanoTime() - b0) / 1e9;
          double baseMb = liveHeapMb();
          long p0 = System.nanoTime();
          PruneService.Prepared prepared = service.plan("", keep, 5, rules);
          double planS = (System.nanoTime() - p0) / 1e9;
          double planMb = liveHeapMb();
          PruneRun run = prepared.run();
          RequestStats planReq = run.planRequests();

          CacheInventory inv = run.inventory();
          for (int i = 0; i < 3; i++) {
            PrunePlanner.plan(inv, keep, rules);   // JIT warm-up
          }
          // Wall and CPU time of the pure planner: the machine is shared, so CPU time is the fairer figure.
          java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
          double[] pure = new double[7];
          double[] cpu = new double[7];
          for (int i = 0; i < pure.length; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long q0 = System.nanoTime();
            PrunePlanner.plan(inv, keep, rules);
            pure[i] = (System.nanoTime() - q0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
          }
          Arrays.sort(pure);
          Arrays.sort(cpu);

          long a0 = System.nanoTime();
          PruneRun applied = service.apply(prepared);
          double applyS = (System.nanoTime() - a0) / 1e9;
          PruneRun.Applied a = applied.applied().orElseThrow();
          double applyMb = liveHeapMb();
          long deleted = a.outcome().deleted().size();
          System.out.printf(Locale.ROOT,
              "rep %d: seeded %,d objects in %.1f s; bare SDK listing of %,d keys %.1f s; plan %.1f s (%s); "
                  + "planner wall %.0f ms median [%.0f..%.0f], CPU %.0f ms median [%.0f..%.0f]; "
                  + "apply %.1f s (%s); deleted %,d objects (%,d specs), kept %,d specs; failures %d%n",
              rep, inv.listedObjects(), seedS, listed, bareListS, planS, planReq.describe(), pure[pure.length / 2],
              pure[0], pure[pure.length - 1], cpu[cpu.length / 2], cpu[0], cpu[cpu.length - 1], applyS, a.requests().describe(), deleted, run.summary().deletedTotal().specs(),
              run.summary().keptTotal().specs(), a.outcome().failures().size());
          System.out.printf(Locale.ROOT, "  live heap after GC: %.0f MB before planning (S3Proxy, lockfile set), %.0f MB "
              + "holding the plan, %.0f MB after applying: the run retains %.0f MB%n", baseMb, planMb, applyMb,
              Math.max(planMb, applyMb) - baseMb);
          retained = Math.max(retained, Math.max(planMb, applyMb) - baseMb);
          System.out.printf(Locale.ROOT, "  expected list requests ceil(%d/1000) = %d; delete requests ceil(%d/1000) = %d%n",
              inv.listedObjects(), (inv.listedObjects() + 999) / 1000, deleted, (deleted + 999) / 1000);
          rows.add(new double[] {planS, pure[pure.length / 2], applyS, cpu[cpu.length / 2], bareListS});
        }
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.printf(Locale.ROOT, "max heap retained by a run: %.0f MB (whole JVM incl. S3Proxy capped by -Xmx %.0f MB)%n",
        retained, Runtime.getRuntime().maxMemory() / 1048576.0);
    summarise("plan wall s", rows, 0);
    summarise("planner ms", rows, 1);
    summarise("apply wall s", rows, 2);
    summarise("planner CPU ms", rows, 3);
    summarise("bare listing s", rows, 4);
  }

  /** Heap in use after a full collection: what is still reachable. */
  static double liveHeapMb() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  static void summarise(String what, List<double[]> rows, int col) {
    double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
    System.out.printf(Locale.ROOT, "%s: median %.2f, min %.2f, max %.2f (n=%d)%n", what, v[v.length / 2], v[0],
        v[v.length - 1], v.length);
  }

  /**
   * 20,000 specs with 0-4 dependencies each on earlier specs, ages 0-90 days, five lockfiles of
   * 300 roots each (their closure is the keep set), and an index listing every spec.
   */
  static Set<String> seed(S3ProxyServer s3, String bucket, Instant now, Random r) {
    String[] hashes = new String[SPECS];
    List<List<Integer>> deps = new ArrayList<>();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode installs = root.putObject("database").put("version", "7").putObject("installs");
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    for (int i = 0; i < SPECS; i++) {
      StringBuilder h = new StringBuilder();
      for (int c = 0; c < 32; c++) {
        h.append(alphabet.charAt(r.nextInt(32)));
      }
      hashes[i] = h.toString();
      List<Integer> d = new ArrayList<>();
      for (int k = r.nextInt(5); k > 0 && i > 0; k--) {
        d.add(r.nextInt(i));
      }
      deps.add(d);
      String name = "pkg" + i;
      Instant t = now.minusSeconds(r.nextInt(90 * 86400));
      String label = "linux-ubuntu22.04-x86_64_v3-gcc-12.3.0-" + name + "-1.0-" + hashes[i];
      byte[] spec = ("{\"spec\": {\"nodes\": [{\"name\": \"" + name + "\", \"hash\": \"" + hashes[i] + "\"}]}}")
          .getBytes(StandardCharsets.UTF_8);
      s3.seed(bucket, "build_cache/" + label + ".spec.json", spec, t);
      s3.seed(bucket, "build_cache/" + label + ".spec.json.sig", spec, t);
      s3.seed(bucket, "build_cache/linux-ubuntu22.04-x86_64_v3/gcc-12.3.0/" + name + "-1.0/" + label + ".spack",
          new byte[1024 + r.nextInt(4096)], t.minusSeconds(3));
      ObjectNode node = installs.putObject(hashes[i]);
      ObjectNode s = node.putObject("spec");
      s.put("name", name).put("version", "1.0").put("hash", hashes[i]);
      ArrayNode ds = s.putArray("dependencies");
      for (int j : new HashSet<>(d)) {
        ds.addObject().put("name", "pkg" + j).put("hash", hashes[j]).putObject("parameters").putArray("deptypes").add("link");
      }
      node.put("ref_count", 0).put("in_buildcache", true);
    }
    try {
      s3.seed(bucket, "build_cache/index.json", JSON.writeValueAsBytes(root), now.minusSeconds(3600));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Set<String> keep = new HashSet<>();
    for (int lock = 0; lock < 5; lock++) {
      for (int k = 0; k < 300; k++) {
        closure(r.nextInt(SPECS), hashes, deps, keep);
      }
    }
    return keep;
  }

  private static void closure(int i, String[] hashes, List<List<Integer>> deps, Set<String> out) {
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(i));
    while (!todo.isEmpty()) {
      int x = todo.poll();
      if (out.add(hashes[x])) {
        todo.addAll(deps.get(x));
      }
    }
  }

  private CachePruneBench() {}
}
