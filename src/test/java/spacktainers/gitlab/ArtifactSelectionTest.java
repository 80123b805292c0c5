package spacktainers.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Problem;

class ArtifactSelectionTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final List<String> NAMES = List.of("process spack pipeline", "generate spacktainer jobs");

  static PipelineJob ok(long id, String name) {
    return new PipelineJob(id, name, "success", Optional.of(1000L), Optional.empty());
  }

  static Bridge bridge(long id, String name, Long downstream) {
    return new Bridge(id, name, "success", Optional.ofNullable(downstream)
        .map(d -> new Bridge.Downstream(d, Optional.of(42L), "success")));
  }

  @Test
  void picksTheNewestBridgeOfThatName() {
    List<Bridge> bridges = List.of(bridge(5, "child", 100L), bridge(9, "child", 200L), bridge(7, "other", 300L));
    assertEquals(200L, ArtifactSelection.bridge(bridges, "child", 1).downstream().orElseThrow().pipelineId());
  }

  @Test
  void missingBridgeNamesTheOthers() {
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> ArtifactSelection.bridge(List.of(bridge(5, "b", 1L), bridge(6, "a", 2L)), "child", 1001));
    Problem p = e.problems().get(0);
    assertEquals("pipeline 1001: no trigger job (bridge) named 'child'", p.line());
    assertEquals("its trigger jobs are: 'a', 'b'", p.hint());
  }

  @Test
  void bridgeWithoutDownstreamSaysItsStatus() {
    Bridge b = new Bridge(5, "child", "failed", Optional.empty());
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> ArtifactSelection.bridge(List.of(b), "child", 1001));
    assertEquals("pipeline 1001: bridge 'child': has not started a downstream pipeline (bridge status: failed)",
        e.problems().get(0).line());
  }

  @Test
  void selectsEveryJobForEveryArchSortedByArch() {
    List<PipelineJob> jobs = List.of(ok(1, "process spack pipeline for arm64"), ok(2, "process spack pipeline for amd64"),
        ok(3, "generate spacktainer jobs for amd64"), ok(4, "generate spacktainer jobs for arm64"),
        ok(5, "build base for amd64"));
    List<ArtifactSelection.Target> t = ArtifactSelection.targets(jobs, NAMES, List.of(), 2000, NOW);
    assertEquals(List.of("process spack pipeline for amd64", "generate spacktainer jobs for amd64",
        "process spack pipeline for arm64", "generate spacktainer jobs for arm64"),
        t.stream().map(ArtifactSelection.Target::fullName).toList());
    assertEquals("process-spack-pipeline.amd64", t.get(0).baseName());
  }

  @Test
  void reportsEveryUnusableJobAtOnce() {
    List<PipelineJob> jobs = List.of(
        new PipelineJob(1, "process spack pipeline for amd64", "failed", Optional.of(10L), Optional.empty()),
        new PipelineJob(2, "generate spacktainer jobs for amd64", "success", Optional.empty(),
            Optional.of(Instant.parse("2026-11-01T00:00:00Z"))),
        new PipelineJob(3, "process spack pipeline for arm64", "running", Optional.empty(), Optional.empty()),
        new PipelineJob(4, "generate spacktainer jobs for arm64", "success", Optional.empty(), Optional.empty()));
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> ArtifactSelection.targets(jobs, NAMES, List.of("amd64", "arm64", "ppc64le"), 2000, NOW));
    List<String> lines = e.problems().stream().map(Problem::line).toList();
    assertEquals(List.of(
        "job 'process spack pipeline for amd64' (id 1): did not succeed: its status is failed",
        "job 'generate spacktainer jobs for amd64' (id 2): its artifacts expired at 2026-11-01T00:00:00Z",
        "job 'process spack pipeline for arm64' (id 3): did not succeed: its status is running",
        "job 'generate spacktainer jobs for arm64' (id 4): has no artifacts archive",
        "downstream pipeline 2000: no job named 'process spack pipeline for ppc64le'",
        "downstream pipeline 2000: no job named 'generate spacktainer jobs for ppc64le'"), lines);
    assertTrue(e.problems().get(2).hint().contains("still running"));
  }

  @Test
  void noMatchingJobAtAllListsTheJobs() {
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> ArtifactSelection.targets(List.of(ok(1, "build x")), List.of("collect"), List.of(), 2000, NOW));
    assertEquals("downstream pipeline 2000: no job named 'collect for <arch>'", e.problems().get(0).line());
    assertEquals("its jobs are: 'build x'", e.problems().get(0).hint());
  }

  @Test
  void slugsAreFileNameSafe() {
    assertEquals("process-spack-pipeline", ArtifactSelection.slug("process spack pipeline"));
    assertEquals("build-a-b", ArtifactSelection.slug("  Build: a/b  "));
    assertThrows(IllegalArgumentException.class, () -> ArtifactSelection.slug(" / "));
  }
}
