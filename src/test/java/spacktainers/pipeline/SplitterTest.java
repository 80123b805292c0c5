package spacktainers.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import spacktainers.common.InvalidInputException;

class SplitterTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static Job build(String name, String stage, List<String> needs) {
    List<Need> n = new ArrayList<>();
    needs.forEach(x -> n.add(Need.of(x, false)));
    return new Job(name, Optional.of(stage), List.of(), Optional.of(n), Optional.empty(),
        new Variables(Map.of("SPACK_JOB_SPEC_DAG_HASH", F.textNode("h-" + name))), List.of(), Optional.empty(),
        Map.<String, JsonNode>of("script", F.arrayNode().add("spack ci rebuild")));
  }

  private static SpackOutput file(List<Job> jobs) {
    return new SpackOutput("in.yml", Optional.of(Workflow.ALWAYS), List.of("stage-0", "stage-1"), Variables.NONE, jobs);
  }

  private static SplitResult split(List<SpackOutput> in, PipelineLimits limits) {
    return Splitter.split(in, new Splitter.Options("amd64", limits, "out", "gen", "1", ArchSettings.NONE));
  }

  @Test
  void longNamesAreShortenedEverywhereTheyAreNamed() {
    String longName = "py-" + "x".repeat(140) + "@1.0 /abcdefg";
    SplitResult r = split(List.of(file(List.of(build(longName, "stage-0", List.of()),
        build("app@1 /b", "stage-1", List.of(longName))))), PipelineLimits.GITLAB_DEFAULTS);
    Pipeline child = r.children().get(0).pipeline();
    String shortName = child.jobs().get(0).name();
    assertEquals(128, shortName.length());
    assertTrue(shortName.startsWith("py-xxx") && shortName.matches(".* ~[0-9a-f]{8}"), shortName);
    assertEquals(shortName, child.jobs().get(1).needs().orElseThrow().get(0).job());
    assertEquals(List.of(longName + " -> " + shortName), r.stats().renamed());
  }

  @Test
  void aJobWithMoreNeedsThanGitLabAllowsStartsAFileWhereTheyAreMetByOrder() {
    List<Job> jobs = new ArrayList<>();
    List<String> deps = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      jobs.add(build("dep" + i + "@1 /d" + i, "stage-0", List.of()));
      deps.add("dep" + i + "@1 /d" + i);
    }
    jobs.add(build("big@1 /b", "stage-1", deps));
    SplitResult r = split(List.of(file(jobs)), PipelineLimits.GITLAB_DEFAULTS);
    assertEquals(2, r.children().size());
    Job big = (Job) r.children().get(1).pipeline().jobs().get(0);
    assertEquals("big@1 /b", big.name());
    assertEquals(Optional.of(List.of()), big.needs(), "needs: [] -- everything it needs ran in an earlier child");
  }

  @Test
  void theEarliestStageCopyOfADuplicateIsKeptAndNeedsFollowIt() {
    SpackOutput a = file(List.of(build("zlib@1 /z", "stage-1", List.of("dummy@1 /d")), build("dummy@1 /d", "stage-0",
        List.of())));
    // The same spec under another name (Spack appends a build group): matched by its DAG hash.
    Job zlibGroup = build("zlib@1 /z group", "stage-0", List.of())
        .withVariables(new Variables(Map.of("SPACK_JOB_SPEC_DAG_HASH", F.textNode("h-zlib@1 /z"))));
    SpackOutput b = file(List.of(zlibGroup, build("app@1 /a", "stage-1", List.of("zlib@1 /z group"))));
    SplitResult r = split(List.of(a, b), PipelineLimits.GITLAB_DEFAULTS);
    List<String> names = r.children().get(0).pipeline().jobs().stream().map(PipelineJob::name).toList();
    assertEquals(List.of("dummy@1 /d", "zlib@1 /z group", "app@1 /a"), names, "b's zlib is in stage-0, a's in stage-1");
    assertEquals(3, r.stats().uniqueSpecs());
    assertEquals(4, r.stats().buildJobs());
  }

  @Test
  void cyclesAreReportedJobByJob() {
    SpackOutput a = file(List.of(build("a@1 /a", "stage-0", List.of("b@1 /b")), build("b@1 /b", "stage-0",
        List.of("a@1 /a"))));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> split(List.of(a),
        PipelineLimits.GITLAB_DEFAULTS));
    assertEquals("a@1 /a.needs: the merged jobs' needs form a cycle: a@1 /a -> b@1 /b -> a@1 /a",
        e.problems().get(0).line());
  }
}
