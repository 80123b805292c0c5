package spacktainers.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark for {@code pipeline split}: generates a synthetic {@code spack ci generate} output in the Spack
 * 1.x anchored style (N build jobs in 40 stages, each needing 1-4 jobs of the previous stage and the generate
 * job, plus wait-for-build-jobs and rebuild-index), then times the real command in a fresh JVM with
 * {@code -Xmx512m} through the {@code ./spacktainers} launcher, as a user runs it, and reports wall time and the
 * process's CPU time (user + system, from {@code /proc}; it does not grow when the machine is busy).
 *
 * <pre>
 * java -cp target/test-classes spacktainers.bench.PipelineSplitBench [runs] [jobs...]
 * BENCH_PRIORITY=rt java -cp target/test-classes spacktainers.bench.PipelineSplitBench   # as root: chrt -f 10
 * </pre>
 * On a machine shared with other builds, {@code BENCH_PRIORITY=rt} runs the command with a real-time
 * priority so that it gets the CPUs it asks for; wall time then measures the tool, not the neighbours.
 */
public final class PipelineSplitBench {
  private static final int STAGES = 40;

  private PipelineSplitBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int[] sizes = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
        : new int[] {1_000, 5_000, 20_000};
    Path launcher = Path.of("spacktainers").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("run from the repository root (./spacktainers not found)");
    }
    Path work = Files.createTempDirectory("split-bench");
    System.out.printf(Locale.ROOT, "%8s %9s %9s %9s %9s %9s %6s%n", "jobs", "input MB", "median s", "min s",
        "max s", "cpu s", "files");
    for (int jobs : sizes) {
      Path in = work.resolve("in-" + jobs);
      Files.createDirectories(in.resolve("stack"));
      Path file = in.resolve("stack/pipeline.yml");
      Files.writeString(file, generate(jobs, new Random(42)), StandardCharsets.UTF_8);
      List<Double> times = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      int files = 0;
      for (int r = 0; r < runs; r++) {
        Path out = work.resolve("out-" + jobs + "-" + r);
        long t0 = System.nanoTime();
        // bash's `times` after the command gives the children's user and system CPU time.
        String priority = "rt".equals(System.getenv("BENCH_PRIORITY")) ? "chrt -f 10 " : "";
        String cmd = "SPACKTAINERS_JAVA_OPTS=-Xmx512m " + priority + launcher + " pipeline split --arch amd64"
            + " --in " + in
            + " --out " + out + " --artifact-path split --source-job generate --source-pipeline 1 >/dev/null; "
            + "rc=$?; times; exit $rc";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("split failed for " + jobs + " jobs:\n" + report);
        }
        times.add((System.nanoTime() - t0) / 1e9);
        cpu.add(childCpu(report));
        try (var s = Files.list(out)) {
          files = (int) s.count();
        }
      }
      times.sort(Double::compare);
      cpu.sort(Double::compare);
      System.out.printf(Locale.ROOT, "%8d %9.1f %9.2f %9.2f %9.2f %9.2f %6d%n", jobs, Files.size(file) / 1e6,
          times.get(times.size() / 2), times.get(0), times.get(times.size() - 1), cpu.get(cpu.size() / 2), files);
    }
  }

  /** Sums the second line of bash's {@code times} output: children's user and system time, e.g. "0m3.1s 0m0.4s". */
  private static double childCpu(String report) {
    List<String> lines = report.lines().filter(l -> l.matches("\\d+m[0-9.]+s \\d+m[0-9.]+s")).toList();
    double total = 0;
    for (String part : lines.get(lines.size() - 1).split(" ")) {
      String[] ms = part.replace("s", "").split("m");
      total += Integer.parseInt(ms[0]) * 60 + Double.parseDouble(ms[1]);
    }
    return total;
  }

  /** Spack 1.x shaped output: sorted keys, shared subtrees as anchors on the first job, aliases after. */
  static String generate(int jobs, Random random) {
    List<String> names = new ArrayList<>();
    int[] stage = new int[jobs];
    for (int i = 0; i < jobs; i++) {
      stage[i] = (int) ((long) i * STAGES / jobs);
      names.add(String.format(Locale.ROOT, "pkg%05d@1.%d.%d /%s", i, i % 7, i % 13, hash(i)));
    }
    int[] firstOfStage = new int[STAGES + 1];
    for (int s = 0, i = 0; s <= STAGES; s++) {
      while (i < jobs && stage[i] < s) {
        i++;
      }
      firstOfStage[s] = i;
    }
    StringBuilder sb = new StringBuilder(jobs * 700);
    for (int i = 0; i < jobs; i++) {
      boolean first = i == 0;
      sb.append(names.get(i)).append(":\n");
      sb.append("  variables:\n");
      sb.append("    SPACK_JOB_SPEC_DAG_HASH: ").append(hash(i)).append('\n');
      sb.append("    SPACK_JOB_SPEC_PKG_NAME: pkg").append(String.format(Locale.ROOT, "%05d", i)).append('\n');
      sb.append("    SPACK_JOB_SPEC_PKG_VERSION: 1.").append(i % 7).append('.').append(i % 13).append('\n');
      sb.append("    SPACK_JOB_SPEC_COMPILER_NAME: gcc\n    SPACK_JOB_SPEC_COMPILER_VERSION: 13.3.0\n");
      sb.append("    SPACK_JOB_SPEC_ARCH: linux-ubuntu24.04-x86_64_v3\n");
      sb.append("    SPACK_JOB_SPEC_VARIANTS: +shared build_system=cmake\n    SPACK_SPEC_NEEDS_REBUILD: 'True'\n");
      if (first) {
        sb.append("""
              script: &id001
              - spack env activate --without-view jobs_scratch_dir/concrete_environment
              - spack ci rebuild
              before_script: &id002
              - git clone --depth 1 --branch "${SPACK_CHECKOUT_VERSION}" https://github.com/spack/spack.git spack-src
              - . spack-src/share/spack/setup-env.sh
              image: &id003
                name: ghcr.io/example/ubuntu24.04-runner-amd64-gcc-13.3:2025.06.01
                entrypoint:
                - ''
              tags: &id004
              - spack
              - x86_64_v3
              needs:
              - &id006
                job: stack-generate
                pipeline: '4815162'
              artifacts: &id007
                when: always
                paths:
                - jobs_scratch_dir/logs
                - jobs_scratch_dir/reproduction
              retry: &id008
                max: 2
                when:
                - script_failure
                - runner_system_failure
              """.indent(2));
      } else {
        sb.append("  script: *id001\n  before_script: *id002\n  image: *id003\n  tags: *id004\n  needs:\n");
        if (stage[i] > 0) {
          int from = firstOfStage[stage[i] - 1];
          int to = firstOfStage[stage[i]];
          int n = 1 + random.nextInt(4);
          List<Integer> picked = new ArrayList<>();
          for (int k = 0; k < n; k++) {
            int d = from + random.nextInt(to - from);
            if (!picked.contains(d)) {
              picked.add(d);
            }
          }
          for (int d : picked) {
            sb.append("  - job: ").append(names.get(d)).append("\n    artifacts: false\n");
          }
        }
        sb.append("  - *id006\n  artifacts: *id007\n  retry: *id008\n");
      }
      sb.append("  stage: stage-").append(stage[i]).append("\n  interruptible: true\n");
    }
    sb.append("""
        rebuild-index:
          image: *id003
          tags: [spack, service]
          script:
          - spack buildcache update-index --keys buildcache-destination
          stage: stage-rebuild-index
          when: always
          needs:
          - *id006
          - wait-for-build-jobs
        """);
    sb.append("stages:\n");
    for (int s = 0; s < STAGES; s++) {
      sb.append("- stage-").append(s).append('\n');
    }
    sb.append("- stage-wait\n- stage-rebuild-index\n");
    sb.append("""
        variables:
          SPACK_ARTIFACTS_ROOT: jobs_scratch_dir
          SPACK_VERSION: 1.1.0
        wait-for-build-jobs:
          image: *id003
          script: [echo 'Open the pod bay doors HAL']
          stage: stage-wait
          when: always
        workflow:
          rules:
          - when: always
        """);
    return sb.toString();
  }

  private static String hash(int i) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder sb = new StringBuilder(32);
    long x = i * 0x9E3779B97F4A7C15L + 12345;
    for (int k = 0; k < 32; k++) {
      x ^= x >>> 29;
      x *= 0xBF58476D1CE4E5B9L;
      sb.append(alphabet.charAt((int) ((x >>> 59) & 31)));
    }
    return sb.toString();
  }

  static void write(Path p, String s) throws IOException {
    Files.writeString(p, s);
  }
}
