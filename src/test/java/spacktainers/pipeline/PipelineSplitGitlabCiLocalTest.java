package spacktainers.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;
import spacktainers.testing.RealComponents;
import spacktainers.testing.Repo;

/**
 * Runs a split result end to end with gitlab-ci-local (shell executor; the Spack jobs are stubbed to echo):
 * the trigger pipeline runs the collector, which publishes the child files, then every child pipeline in
 * order. gitlab-ci-local exits 0 even when a child job fails, so the output is checked, not the exit code.
 */
class PipelineSplitGitlabCiLocalTest {
  /** Build-order edges of the fixture: the dependency must have finished before the dependent starts. */
  private static final List<Map.Entry<String, String>> EDGES = List.of(
      Map.entry("libiconv", "libxml2"), Map.entry("pkgconf", "libxml2"), Map.entry("xz", "libxml2"),
      Map.entry("zlib-ng", "libxml2"), Map.entry("libxml2", "libxslt"), Map.entry("pkgconf", "libxslt"),
      Map.entry("xz", "python"), Map.entry("zlib-ng", "python"), Map.entry("python", "neuron"));
  private static final List<String> PACKAGES = List.of("libiconv", "pkgconf", "xz", "zlib-ng", "libxml2", "libxslt",
      "python", "neuron");

  @TempDir Path tmp;

  @Test
  void everyChildJobRunsOnceAndInOrder() throws Exception {
    Path gcl = RealComponents.requireNodeTool("gitlab-ci-local");
    RealComponents.requireExecutable("rsync");
    RealComponents.requireExecutable("git");
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Cli.Result split = Cli.in(repo).run("pipeline", "split", "--arch", "amd64",
        "--in", Repo.fixtures("pipeline/e2e").resolve("in").toString(), "--out", "split", "--max-jobs", "3",
        "--source-job", "split amd64", "--source-pipeline", "$PARENT_PIPELINE_ID");
    assertEquals(0, split.exitCode(), split.toString());
    // The trigger pipeline is the root here: gitlab-ci-local runs one level of child pipelines, and it skips
    // the collector's needs:pipeline (the files are already in the checkout).
    Files.copy(repo.resolve("split/pipeline.yml"), repo.resolve(".gitlab-ci.yml"));
    git(repo, "init", "-q", "-b", "main");
    git(repo, "remote", "add", "origin", "https://gitlab.example.com/group/proj.git");
    git(repo, "add", "-A");
    git(repo, "-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-q", "-m", "split");
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD");
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");

    String output = run(repo, gcl.toString(), "--force-shell-executor", "--no-color");
    List<String> lines = output.lines().toList();
    List<String> failures = lines.stream().filter(l -> l.contains(" FAIL ")).toList();
    assertTrue(failures.isEmpty(), "failed jobs:\n" + String.join("\n", failures) + "\n\n" + output);

    for (String pkg : PACKAGES) {
      long built = lines.stream().filter(l -> l.endsWith("> BUILT " + pkg)).count();
      assertEquals(1, built, pkg + " should be built exactly once\n" + output);
    }
    assertEquals(1, lines.stream().filter(l -> l.endsWith("> INDEXED")).count(), "index once\n" + output);
    for (Map.Entry<String, String> e : EDGES) {
      int done = indexOf(lines, "> BUILT " + e.getKey());
      int start = indexOfStart(lines, e.getValue());
      assertTrue(done < start, e.getKey() + " must be built before " + e.getValue() + " starts\n" + output);
    }
    int lastBuild = PACKAGES.stream().mapToInt(p -> indexOf(lines, "> BUILT " + p)).max().orElseThrow();
    assertTrue(lastBuild < indexOf(lines, "> INDEXED"), "the index is rebuilt last\n" + output);
    assertTrue(lines.stream().anyMatch(l -> l.contains("PASS") && l.contains("build-cache-amd64-finish")), output);
  }

  private static int indexOf(List<String> lines, String suffix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith(suffix)) {
        return i;
      }
    }
    throw new AssertionError("no line ending in '" + suffix + "'");
  }

  /** The line where the build job of {@code pkg} starts, e.g. "[child] -> python@3.13.1 /pyt... starting shell". */
  private static int indexOfStart(List<String> lines, String pkg) {
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.contains("-> " + pkg + "@") && l.contains("starting shell")) {
        return i;
      }
    }
    throw new AssertionError("job for " + pkg + " never started");
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    run(dir, cmd.toArray(String[]::new));
  }

  private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir.getParent(), "out", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " timed out");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
    return out;
  }
}
