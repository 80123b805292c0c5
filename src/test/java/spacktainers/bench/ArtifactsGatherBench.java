package spacktainers.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import spacktainers.cli.CliContext;
import spacktainers.cli.Main;

/**
 * {@code artifacts gather} of one large archive (default 500 MiB, incompressible, stored) served by a
 * loopback HTTP server in the same JVM, run under a small heap (see bench/artifacts-gather.sh, which
 * uses -Xmx128m). Reports wall time and the peak heap in use, per run, for download + verify and for
 * download + extract.
 *
 * <p>Usage: {@code ArtifactsGatherBench [sizeMiB] [runs] [workDir]}
 */
public final class ArtifactsGatherBench {
  private static final String TOKEN = "glpat-bench-token-000000";

  public static void main(String[] args) throws Exception {
    long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 500;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("gather-bench");
    Files.createDirectories(work);
    Path zip = work.resolve("served.zip");
    long t0 = System.nanoTime();
    writeArchive(zip, sizeMiB << 20);
    System.out.printf(Locale.ROOT, "archive: %d bytes (%d MiB of incompressible data in 5 stored entries),"
        + " written in %.1f s%n", Files.size(zip), sizeMiB, (System.nanoTime() - t0) / 1e9);
    System.out.println("max heap (-Xmx): " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");

    HttpServer server = serve(zip);
    try {
      String api = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v4";
      for (boolean extract : new boolean[] {false, true}) {
        List<double[]> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          Path out = work.resolve("out");
          deleteTree(out);
          System.gc();
          resetPeaks();
          long start = System.nanoTime();
          int code = gather(api, out, extract);
          double seconds = (System.nanoTime() - start) / 1e9;
          long peak = peakHeap();
          if (code != 0) {
            throw new IllegalStateException("gather failed with exit " + code);
          }
          results.add(new double[] {seconds, peak / 1048576.0});
          System.out.printf(Locale.ROOT, "%s run %d: %.2f s, %.0f MiB/s, peak heap used %.1f MiB%n",
              extract ? "gather --extract" : "gather", i + 1, seconds, sizeMiB / seconds, peak / 1048576.0);
          deleteTree(out);
        }
        results.sort(Comparator.comparingDouble(r -> r[0]));
        double median = results.get(results.size() / 2)[0];
        double maxPeak = results.stream().mapToDouble(r -> r[1]).max().orElse(0);
        System.out.printf(Locale.ROOT, "%s: median %.2f s (min %.2f, max %.2f) over %d runs; max peak heap %.1f MiB%n",
            extract ? "gather --extract" : "gather", median, results.get(0)[0], results.get(results.size() - 1)[0],
            runs, maxPeak);
      }
    } finally {
      server.stop(0);
      Files.deleteIfExists(zip);
    }
  }

  private static int gather(String api, Path out, boolean extract) {
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("artifacts", "gather", "--pipeline", "1001", "--bridge", "child",
        "--job", "process spack pipeline", "--arch", "amd64", "--out", out.toString(),
        "--max-extracted-size", "4GiB"));
    if (extract) {
      args.add("--extract");
    }
    int code = Main.run(new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(err),
        Map.of("CI_API_V4_URL", api, "CI_PROJECT_ID", "42", "GITLAB_API_TOKEN", TOKEN), out.getParent()),
        args.toArray(String[]::new));
    if (code != 0) {
      System.err.print(err);
    }
    return code;
  }

  /** Five stored entries of pseudo-random bytes, so the archive is as large as its content. */
  private static void writeArchive(Path zip, long bytes) throws IOException {
    byte[] block = new byte[1 << 20];
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      int entries = 5;
      for (int e = 0; e < entries; e++) {
        long size = bytes / entries;
        SplittableRandom random = new SplittableRandom(e);
        CRC32 crc = new CRC32();
        for (long left = size; left > 0; left -= block.length) {
          fill(block, random);
          crc.update(block, 0, (int) Math.min(block.length, left));
        }
        ZipArchiveEntry entry = new ZipArchiveEntry("spack/part-" + e + ".bin");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCrc(crc.getValue());
        out.putArchiveEntry(entry);
        random = new SplittableRandom(e);
        for (long left = size; left > 0; left -= block.length) {
          fill(block, random);
          out.write(block, 0, (int) Math.min(block.length, left));
        }
        out.closeArchiveEntry();
      }
    }
  }

  private static void fill(byte[] block, SplittableRandom random) {
    for (int i = 0; i < block.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8; j++) {
        block[i + j] = (byte) (v >>> (8 * j));
      }
    }
  }

  private static HttpServer serve(Path zip) throws IOException {
    long size = Files.size(zip);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String pipeline = "{\"id\":%d,\"iid\":1,\"project_id\":42,\"sha\":\"0ff3ae198f8601a285adcf5c0fff204ee6fba5fd\","
        + "\"ref\":\"main\",\"status\":\"success\",\"source\":\"parent_pipeline\","
        + "\"created_at\":\"2026-11-22T10:00:00.000Z\",\"updated_at\":\"2026-11-22T10:30:00.000Z\","
        + "\"web_url\":\"https://gitlab.example.com/g/p/-/pipelines/%d\"}";
    String bridges = "[{\"id\":5001,\"status\":\"success\",\"stage\":\"generate\",\"name\":\"child\",\"ref\":\"main\","
        + "\"tag\":false,\"allow_failure\":false,\"pipeline\":" + pipeline.formatted(1001, 1001)
        + ",\"downstream_pipeline\":" + pipeline.formatted(2001, 2001) + "}]";
    String jobs = "[{\"id\":7001,\"status\":\"success\",\"stage\":\"generate\",\"name\":\"process spack pipeline for amd64\","
        + "\"ref\":\"main\",\"tag\":false,\"allow_failure\":false,\"pipeline\":" + pipeline.formatted(2001, 2001)
        + ",\"artifacts_file\":{\"filename\":\"artifacts.zip\",\"size\":" + size + "},"
        + "\"artifacts\":[{\"file_type\":\"archive\",\"size\":" + size
        + ",\"filename\":\"artifacts.zip\",\"file_format\":\"zip\"}],\"artifacts_expire_at\":null}]";
    server.createContext("/api/v4/projects/42/pipelines/1001/bridges", ex -> json(ex, bridges));
    server.createContext("/api/v4/projects/42/pipelines/2001/jobs", ex -> json(ex, jobs));
    server.createContext("/api/v4/projects/42/jobs/7001/artifacts", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/zip");
      ex.sendResponseHeaders(200, size);
      try (OutputStream os = ex.getResponseBody()) {
        Files.copy(zip, os);
      }
    });
    server.start();
    return server;
  }

  private static void json(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    for (String[] h : new String[][] {{"X-Page", "1"}, {"X-Per-Page", "100"}, {"X-Total", "1"},
        {"X-Total-Pages", "1"}, {"X-Next-Page", ""}, {"X-Prev-Page", ""}}) {
      ex.getResponseHeaders().add(h[0], h[1]);
    }
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks: an upper bound on the heap in use at any one moment. */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
