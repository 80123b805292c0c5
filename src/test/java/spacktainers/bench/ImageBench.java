package spacktainers.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import spacktainers.testing.Cli;
import spacktainers.testing.LocalRegistry;
import spacktainers.testing.Repo;
import spacktainers.testing.TestImages;

/**
 * The two figures of issue 6, measured through the launcher {@code ./spacktainers} (a fresh JVM per
 * run, as CI runs it):
 *
 * <ol>
 *   <li>{@code image inspect} of 200 image:tag pairs, half present, against a local docker-registry;
 *   <li>{@code image assemble --to tar://} of a 200 MB, 20,000-file layer.
 * </ol>
 *
 * Run: {@code mvn -q -DskipTests package && mvn -q test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt && java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * spacktainers.bench.ImageBench [runs]}. With {@code BENCH_PRIORITY=rt} (root) the timed commands and
 * the registry run under {@code chrt -f 10}: on a machine shared with other jobs that measures the
 * tool as if it had the CPUs to itself.
 */
public final class ImageBench {
  private static final boolean REALTIME = "rt".equals(System.getenv("BENCH_PRIORITY"));

  private ImageBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path work = Files.createTempDirectory("spacktainers-image-bench-");
    try (LocalRegistry registry = LocalRegistry.plain().start()) {
      if (REALTIME) {
        run(List.of("chrt", "-a", "-f", "-p", "10", String.valueOf(registry.pid())), work);
      }
      probe(registry, work, runs);
      tarball(work, Math.max(3, runs / 2));
    } finally {
      run(List.of("rm", "-rf", work.toString()), work);
    }
  }

  private static void probe(LocalRegistry registry, Path work, int runs) throws Exception {
    String base = TestImages.busybox().pushTo(registry, "base/busybox:1");
    Path file = Files.writeString(work.resolve("hello.txt"), "hello\n");
    Cli.Result r = Cli.in(work).run("image", "assemble", "--from", base, "--layer", file + ":/hello.txt",
        "--label", "io.github.spacktainers.content-key=sha256:0", "--insecure-registry", registry.hostPort(),
        "--to", "registry://" + registry.image("bench/app:present-0"));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(r.toString());
    }
    String manifest = registry.get("/v2/bench/app/manifests/present-0").body();
    for (int i = 1; i < 100; i++) {
      put(registry, "/v2/bench/app/manifests/present-" + i, manifest);
    }
    List<String> cmd = new ArrayList<>(List.of(Repo.path("spacktainers").toString(), "image", "inspect", "--json",
        "--insecure-registry", registry.hostPort()));
    for (int i = 0; i < 100; i++) {
      cmd.add(registry.image("bench/app:present-" + i));
      cmd.add(registry.image("bench/app:missing-" + i));
    }
    run(List.of(Repo.path("spacktainers").toString(), "--version"), work); // builds the jar and CDS archive once
    List<Double> times = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    String loadBefore = load();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Result res = run(cmd, work);
      times.add((System.nanoTime() - t0) / 1e9);
      cpu.add(res.cpuSeconds);
      if (res.exit != 1 || count(res.out, "\"present\" : true") != 100 || count(res.out, "\"present\" : false") != 100) {
        throw new IllegalStateException("unexpected probe result (exit " + res.exit + "):\n" + res.out);
      }
    }
    report("image inspect: 200 image:tag pairs (100 present), fresh JVM per run", times, cpu, loadBefore);
  }

  private static void tarball(Path work, int runs) throws Exception {
    Path tree = work.resolve("tree");
    long bytes = generate(tree, 20_000, 200L * 1000 * 1000);
    for (String level : List.of("6", "1")) {
      tarball(work, tree, bytes, level, runs);
    }
  }

  private static void tarball(Path work, Path tree, long bytes, String level, int runs) throws Exception {
    Path out = work.resolve("big.tar");
    List<String> cmd = List.of(Repo.path("spacktainers").toString(), "image", "assemble", "--from", "scratch",
        "--layer", tree + ":/opt/spack", "--work-dir", work.resolve("stage").toString(), "--compression-level", level,
        "--to", "tar://" + out + ":bench/big:1");
    List<Double> times = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    String loadBefore = load();
    String digest = null;
    for (int i = 0; i < runs; i++) {
      Files.deleteIfExists(out);
      long t0 = System.nanoTime();
      Result res = run(cmd, work);
      times.add((System.nanoTime() - t0) / 1e9);
      cpu.add(res.cpuSeconds);
      if (res.exit != 0) {
        throw new IllegalStateException("assemble failed:\n" + res.out);
      }
      String d = res.out.lines().filter(l -> l.startsWith("sha256:")).findFirst().orElse("?").split(" ")[0];
      if (digest != null && !digest.equals(d)) {
        throw new IllegalStateException("digest changed between runs: " + digest + " vs " + d);
      }
      digest = d;
    }
    report(String.format("image assemble --to tar:// --compression-level %s: 20,000 files, %.0f MB source, "
        + "tarball %.0f MB, digest stable", level, bytes / 1e6, Files.size(out) / 1e6), times, cpu, loadBefore);
  }

  /** A Spack-like tree: 200 package folders, text-like and binary-like files, a view of symlinks. */
  public static long generate(Path root, int files, long totalBytes) throws IOException {
    Random random = new Random(42);
    long perFile = totalBytes / files;
    long total = 0;
    byte[] words = "spack install prefix lib include share bin libfoo.so.1 CMakeLists.txt -O2 -march=x86-64-v3 "
        .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < files; i++) {
      Path dir = root.resolve("store/pkg-" + (i % 200) + "-" + Integer.toHexString(i % 200 * 7919) + (i % 2 == 0 ? "/lib" : "/share/doc"));
      Files.createDirectories(dir);
      byte[] content = new byte[(int) perFile];
      if (i % 2 == 0) {
        random.nextBytes(content); // binary-like: hardly compressible
        for (int j = 0; j < content.length; j += 4) {
          content[j] = 0; // ... but not entirely random, as object code is not
        }
      } else {
        for (int j = 0; j < content.length; j++) {
          content[j] = words[(j + random.nextInt(3)) % words.length];
        }
      }
      Path f = dir.resolve("file-" + i + (i % 2 == 0 ? ".so" : ".txt"));
      Files.write(f, content);
      total += content.length;
      if (i % 10 == 0) {
        Path view = Files.createDirectories(root.resolve("view/" + (i % 2 == 0 ? "lib" : "share")));
        Files.createSymbolicLink(view.resolve(f.getFileName()), Path.of("/opt/spack").resolve(root.relativize(f)));
      }
    }
    return total;
  }

  private static void put(LocalRegistry registry, String path, String manifest) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(registry.url() + path).toURL().openConnection();
    c.setRequestMethod("PUT");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/vnd.oci.image.manifest.v1+json");
    try (OutputStream o = c.getOutputStream()) {
      o.write(manifest.getBytes(StandardCharsets.UTF_8));
    }
    if (c.getResponseCode() != 201) {
      throw new IOException("PUT " + path + ": HTTP " + c.getResponseCode());
    }
  }

  private record Result(int exit, String out, double cpuSeconds) {}

  /** Runs a command; CPU time (user + system) comes from GNU time when it is installed. */
  private static Result run(List<String> cmd, Path dir) throws Exception {
    List<String> full = new ArrayList<>();
    Path cpuFile = Files.createTempFile("bench-cpu", ".txt");
    boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
    if (REALTIME && cmd.get(0).endsWith("spacktainers")) {
      full.addAll(List.of("chrt", "-f", "10"));
    }
    if (timed) {
      full.addAll(List.of("/usr/bin/time", "-o", cpuFile.toString(), "-f", "%U %S"));
    }
    full.addAll(cmd);
    Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd);
    }
    double cpu = Double.NaN;
    if (timed) {
      String[] parts = Files.readString(cpuFile).strip().split("\\s+");
      String[] last = parts.length >= 2 ? new String[] {parts[parts.length - 2], parts[parts.length - 1]} : parts;
      try {
        cpu = Double.parseDouble(last[0]) + Double.parseDouble(last[1]);
      } catch (RuntimeException ignored) {
        // "Command exited with non-zero status" lines come first; anything else leaves NaN
      }
    }
    Files.deleteIfExists(cpuFile);
    return new Result(p.exitValue(), out, cpu);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static void report(String what, List<Double> seconds, List<Double> cpu, String loadBefore) {
    List<Double> sorted = seconds.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    double cpuMedian = cpu.stream().sorted().toList().get(cpu.size() / 2);
    System.out.printf("%s%n  runs %d: wall median %.2f s, min %.2f s, max %.2f s; CPU (user+sys) median %.2f s;"
        + " load average %s before, %s after; wall all: %s%n", what, sorted.size(), median, sorted.get(0),
        sorted.get(sorted.size() - 1), cpuMedian, loadBefore, load(),
        seconds.stream().map(d -> String.format("%.2f", d)).toList());
  }
}
