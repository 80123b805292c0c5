package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;

class PipelineCommandTest {
  @TempDir Path dir;

  private Cli.Result run(String... args) {
    return Cli.in(dir).run(args);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void checkReportsOneLinePerViolationWithLocation() throws IOException {
    String longName = "x".repeat(130);
    write("bad.yml", """
        stages: [build, test]
        build-a:
          stage: build
          scriptt: [echo]
        test-b:
          stage: deploy
          script: [echo]
          needs: [missing-job, %s]
        %s:
          stage: test
          script: [echo]
        loop-1:
          stage: test
          script: [echo]
          needs: [loop-2]
        loop-2:
          stage: test
          script: [echo]
          needs: [loop-1]
        early:
          stage: build
          script: [echo]
          needs: [loop-1]
        kids:
          stage: test
          trigger:
            include:
              - {artifact: a.yml, job: build-a}
              - {artifact: b.yml, job: build-a}
              - {artifact: c.yml, job: build-a}
              - {artifact: d.yml, job: nobody}
        """.formatted(longName, longName));
    Cli.Result r = run("pipeline", "check", "bad.yml");
    assertEquals(2, r.exitCode(), r.toString());
    assertFalse(r.err().contains("Exception"), r.toString());
    List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertTrue(errors.contains("error: bad.yml:2:1: build-a: schema: property 'scriptt' is not defined in the "
        + "schema and the schema does not allow additional properties"), r.toString());
    assertTrue(errors.contains("error: bad.yml:27:5: kids.trigger.include: schema: must have at most 3 items but "
        + "found 4"), r.toString());
    assertTrue(errors.contains("error: bad.yml:6:3: test-b.stage: stage 'deploy' is not in the stages list"),
        r.toString());
    assertTrue(errors.contains("error: bad.yml:8:11: test-b.needs[0]: needs job 'missing-job', which is not in this"
        + " file"), r.toString());
    assertTrue(errors.stream().anyMatch(l -> l.startsWith("error: bad.yml:8:24: test-b.needs[1]: needs a job whose "
        + "name is 130 characters")), r.toString());
    assertTrue(errors.contains("error: bad.yml:15:3: loop-1.needs: needs form a cycle: loop-1 -> loop-2 -> loop-1"),
        r.toString());
    assertTrue(errors.stream().anyMatch(l -> l.contains("early.needs[0]: needs job 'loop-1', which runs in a later "
        + "stage ('test')")), r.toString());
    assertTrue(errors.stream().anyMatch(l -> l.contains("kids.trigger.include: 4 files in trigger:include; GitLab "
        + "allows 3")), r.toString());
    assertTrue(errors.stream().anyMatch(l -> l.contains("kids.trigger.include[3]: includes an artifact of job "
        + "'nobody', which is not in this file")), r.toString());
  }

  @Test
  void checkResolvesAnchorsAndMergeKeysBeforeTheSchema() throws IOException {
    write("ok.yml", """
        .defaults: &defaults
          image: alpine
          tags: [small]
        build:
          <<: *defaults
          script: [echo hi]
        """);
    Cli.Result r = run("pipeline", "check", "ok.yml");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().startsWith("ok: ok.yml: 1 jobs, estimated parsed size "), r.toString());
  }

  @Test
  void checkEstimatesParsedSizeAgainstTheLimit() throws IOException {
    write("ok.yml", "build:\n  script: [echo hi]\n");
    Cli.Result r = run("pipeline", "check", "--max-parsed-bytes", "1000", "ok.yml");
    assertEquals(0, r.exitCode(), r.toString());
    write("big.yml", "build:\n  script:\n" + "    - echo a fairly long line of shell that takes room\n".repeat(40));
    r = run("pipeline", "check", "--max-parsed-bytes", "2000", "big.yml");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("error: big.yml: estimated parsed size"), r.toString());
    assertTrue(r.err().contains("hint: split the file"), r.toString());
  }

  @Test
  void checkReportsSyntaxErrorsAndCarriesOnWithOtherFiles() throws IOException {
    write("broken.yml", "build:\n  script: [echo\n");
    write("ok.yml", "build:\n  script: [echo hi]\n");
    Cli.Result r = run("pipeline", "check", "broken.yml", "ok.yml", "missing.yml");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.out().contains("ok: ok.yml"), r.toString());
    assertTrue(r.err().lines().anyMatch(l -> l.matches("error: broken.yml:\\d+:\\d+: invalid YAML: .*")),
        r.toString());
    assertTrue(r.err().contains("missing.yml: no such file"), r.toString());
  }

  @Test
  void splitRejectsNeedsOnJobsThatDoNotExistAndWritesNothing() throws IOException {
    write("in/a/pipeline.yml", """
        {"pkg@1 /aaaa": {"stage": "stage-0", "script": ["spack ci rebuild"],
          "needs": [{"job": "ghost@2 /bbbb", "artifacts": false}],
          "variables": {"SPACK_JOB_SPEC_DAG_HASH": "aaaa"}},
         "stages": ["stage-0"]}
        """);
    write("in/b/pipeline.yml", "job: [not, a, mapping]\n");
    Cli.Result r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("error: in/b/pipeline.yml:1:1: job: a job must be a mapping of keywords, not a list"),
        r.toString());
    assertFalse(Files.exists(dir.resolve("out")), "nothing is written on bad input");
    Files.delete(dir.resolve("in/b/pipeline.yml"));
    r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("error: in/a/pipeline.yml: pkg@1 /aaaa.needs: needs job 'ghost@2 /bbbb', which is not in this file\n",
        r.err(), r.toString());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void splitFailsFastOnAliasBombs() throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
          .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p)
          .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
    }
    write("in/bomb.yml", bomb.toString());
    Cli.Result r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: in/bomb.yml:"), r.toString());
    assertTrue(r.err().contains("refusing to read it") || r.err().contains("too many aliases"), r.toString());
  }

  @Test
  void splitNeedsToKnowTheSourceJobAndARelativeArtifactPath() throws IOException {
    Files.createDirectories(dir.resolve("in"));
    Cli.Result r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("--source-job: name the job that runs split (CI_JOB_NAME is not set)"), r.toString());
    r = Cli.in(dir).env("CI_JOB_NAME", "split amd64").env("CI_PIPELINE_ID", "777")
        .run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out");
    assertEquals(0, r.exitCode(), r.toString());
    r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "/elsewhere/out", "--source-job", "gen");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("is outside the project folder"), r.toString());
  }

  @Test
  void splitRemovesChildFilesOfAnEarlierRun() throws IOException {
    write("in/a/pipeline.yml", """
        {"pkg@1 /aaaa": {"stage": "stage-0", "script": ["spack ci rebuild"],
          "variables": {"SPACK_JOB_SPEC_DAG_HASH": "aaaa"}}, "stages": ["stage-0"]}
        """);
    write("out/spack-amd64-07.yml", "stale: {script: [x]}\n");
    write("out/keep-me.txt", "not ours\n");
    Cli.Result r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(0, r.exitCode(), r.toString());
    assertFalse(Files.exists(dir.resolve("out/spack-amd64-07.yml")));
    assertTrue(Files.exists(dir.resolve("out/spack-amd64-01.yml")));
    assertTrue(Files.exists(dir.resolve("out/keep-me.txt")));
  }

  @Test
  void archSettingsNameCredentialsByVariableOnly() throws IOException {
    Files.createDirectories(dir.resolve("in"));
    write("arch.yml", """
        amd64:
          mirrors:
            - name: cache
              url: s3://bucket
              secret-access-key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
              access-key-id-variable: "not a name: AKIAIOSFODNN7EXAMPLE"
        """);
    Cli.Result r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out", "--source-job", "gen",
        "--arch-settings", "arch.yml");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("amd64.mirrors[0].secret-access-key: unknown key"), r.toString());
    assertTrue(r.err().contains("access-key-id-variable: expected the name of a CI variable"), r.toString());
    assertFalse(r.err().contains("wJalrXUtnFEMI") || r.err().contains("AKIAIOSFODNN7EXAMPLE"), "no secret echoed");
  }

  @Test
  void checkAcceptsSpackOutputOfEveryVersionAndFindsWhatSplitFixes() throws IOException {
    Path fixtures = spacktainers.testing.Repo.fixtures("pipeline/split");
    List<String> files;
    try (var walk = Files.walk(fixtures)) {
      files = walk.filter(p -> p.toString().contains("/in/") && p.toString().endsWith(".yml")).map(Path::toString)
          .sorted().toList();
    }
    List<String> args = new java.util.ArrayList<>(List.of("pipeline", "check"));
    args.addAll(files);
    Cli.Result r = run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(files.size() - 2, r.out().lines().filter(l -> l.startsWith("ok: ")).count(), r.toString());
    // Spack 0.22 keeps names up to 255 characters; GitLab wants 128 for needed jobs: split renames them.
    List<String> errors = r.err().lines().toList();
    assertEquals(2, errors.size(), r.toString());
    assertTrue(errors.stream().allMatch(l -> l.contains("spack-0.22-flow") && l.endsWith("needs a job whose name is 156 "
        + "characters; GitLab allows 128 for jobs named in needs")), r.toString());
  }

  @Test
  void theSiteSettingsLimitsAreTheDefaultsAndOptionsWin() throws IOException {
    String settings = Files.readString(spacktainers.testing.Repo.path("spacktainers.yaml"))
        .replace("  pipeline_bytes: 400000\n", "  pipeline_bytes: 3000\n  jobs_per_pipeline: 2\n");
    write("site/spacktainers.yaml", settings);
    write("in/a/pipeline.yml", """
        {"a@1 /aaaa": {"stage": "stage-0", "script": ["spack ci rebuild"], "variables": {"SPACK_JOB_SPEC_DAG_HASH": "a"}},
         "b@1 /bbbb": {"stage": "stage-0", "script": ["spack ci rebuild"], "variables": {"SPACK_JOB_SPEC_DAG_HASH": "b"}},
         "c@1 /cccc": {"stage": "stage-0", "script": ["spack ci rebuild"], "variables": {"SPACK_JOB_SPEC_DAG_HASH": "c"}},
         "stages": ["stage-0"]}
        """);
    Cli.Result r = run("pipeline", "split", "--config", "site/spacktainers.yaml", "--arch", "amd64", "--in", "in",
        "--out", "out", "--source-job", "gen");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("-> 2 child pipelines"), "jobs_per_pipeline: 2 splits 3 jobs in two\n" + r);
    r = run("pipeline", "split", "--config", "site/spacktainers.yaml", "--arch", "amd64", "--in", "in",
        "--out", "out", "--source-job", "gen", "--max-jobs", "0");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("-> 1 child pipeline "), r.toString());
    r = run("pipeline", "check", "--config", "site/spacktainers.yaml", "in/a/pipeline.yml");
    assertEquals("error: in/a/pipeline.yml: 3 jobs, more than the limit of 2 per pipeline (ci_pipeline_size)\n",
        r.err(), r.toString());
  }

  private static final String ONE_JOB = """
      {"a@1 /aaaa": {"stage": "stage-0", "script": ["spack env activate --without-view env", "spack ci rebuild"],
       "variables": {"SPACK_JOB_SPEC_DAG_HASH": "a"}}}
      """;

  /** The repository's example settings in the catalogue root, found without --config. */
  private void exampleSettingsInRoot() throws IOException {
    write("spacktainers.yaml", Files.readString(spacktainers.testing.Repo.path("spacktainers.yaml")));
    write("in/a/pipeline.yml", ONE_JOB);
  }

  @Test
  void splitTakesTheArchitectureFromTheSiteSettingsAndTheBucketFromTheRef() throws IOException {
    exampleSettingsInRoot();
    Cli.Result r = Cli.in(dir).env("CI_COMMIT_REF_NAME", "main").run("pipeline", "split", "--arch", "amd64",
        "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(0, r.exitCode(), r.toString());
    String child = Files.readString(dir.resolve("out/spack-amd64-01.yml"));
    assertTrue(child.contains("  tags:\n    - kubernetes\n"), child);
    assertTrue(child.contains("    KUBERNETES_MEMORY_LIMIT: 8Gi\n"), child);
    assertFalse(child.contains("http_proxy"), "amd64 keeps the proxy: " + child);
    assertTrue(child.contains("spack mirror add --s3-access-key-id-variable CACHE_ACCESS_KEY_ID"
        + " --s3-access-key-secret-variable CACHE_SECRET_ACCESS_KEY --s3-endpoint-url https://objects.example.org"
        + " buildcache-destination s3://spack-build-cache\n"), child);
    assertTrue(Files.readString(dir.resolve("out/pipeline.yml")).contains("    - kubernetes\n"),
        "the collector runs on the architecture's runners");

    r = Cli.in(dir).env("CI_COMMIT_REF_NAME", "feature/x").run("pipeline", "split", "--arch", "amd64",
        "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(0, r.exitCode(), r.toString());
    child = Files.readString(dir.resolve("out/spack-amd64-01.yml"));
    assertTrue(child.contains(" buildcache-destination s3://spack-build-cache-dev\n"), child);

    // --ref wins over CI_COMMIT_REF_NAME; arm64 has no branch bucket and unsets the proxy.
    r = Cli.in(dir).env("CI_COMMIT_REF_NAME", "main").run("pipeline", "split", "--arch", "arm64", "--ref", "x",
        "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(0, r.exitCode(), r.toString());
    child = Files.readString(dir.resolve("out/spack-arm64-01.yml"));
    assertTrue(child.contains(" --s3-access-key-id-variable AWS_CACHE_ACCESS_KEY_ID"
        + " --s3-access-key-secret-variable AWS_CACHE_SECRET_ACCESS_KEY"
        + " buildcache-destination s3://spack-cache-arm64\n"),
        child);
    assertTrue(child.contains("    http_proxy: ''\n") && child.contains("    HTTPS_PROXY: ''\n"), child);
    assertTrue(child.contains("    - graviton\n"), child);

    Cli.Result check = run("pipeline", "check", "out/pipeline.yml", "out/spack-arm64-01.yml",
        "out/spack-amd64-01.yml");
    assertEquals(0, check.exitCode(), check.toString());
  }

  @Test
  void splitRejectsAnArchitectureTheSiteSettingsDoNotHave() throws IOException {
    exampleSettingsInRoot();
    String settings = Files.readString(dir.resolve("spacktainers.yaml"));
    write("spacktainers.yaml", settings.substring(0, settings.indexOf("  arm64:\n"))
        + settings.substring(settings.indexOf("\n# Merged under")));
    Cli.Result r = run("pipeline", "split", "--arch", "arm64", "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: spacktainers.yaml: architectures.arm64: no settings for architecture"
        + " 'arm64' (the file has: amd64)"), r.toString());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");

    r = run("pipeline", "split", "--arch", "riscv64", "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("architectures.riscv64: no settings") && r.err().contains("amd64, arm64"),
        r.toString());
  }

  @Test
  void archSettingsFileWinsOverTheSiteSettings() throws IOException {
    exampleSettingsInRoot();
    write("arch.yml", "amd64:\n  tags: [big]\n");
    Cli.Result r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out", "--source-job", "gen",
        "--arch-settings", "arch.yml");
    assertEquals(0, r.exitCode(), r.toString());
    String child = Files.readString(dir.resolve("out/spack-amd64-01.yml"));
    assertTrue(child.contains("  tags:\n    - big\n"), child);
    assertFalse(child.contains("kubernetes") || child.contains("mirror add"), child);
  }

  @Test
  void withoutSiteSettingsJobsStayAsSpackMadeThem() throws IOException {
    write("in/a/pipeline.yml", ONE_JOB);
    Cli.Result r = run("pipeline", "split", "--arch", "amd64", "--in", "in", "--out", "out", "--source-job", "gen");
    assertEquals(0, r.exitCode(), r.toString());
    String child = Files.readString(dir.resolve("out/spack-amd64-01.yml"));
    assertFalse(child.contains("tags:") || child.contains("mirror add"), child);

    r = run("pipeline", "split", "--config", "missing.yaml", "--arch", "amd64", "--in", "in", "--out", "out",
        "--source-job", "gen");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("missing.yaml: no site settings file here"), r.toString());
  }

  @Test
  void checkResolvesExtendsAsGitLabDoes() throws IOException {
    write("ok.yml", """
        stages: [build, deploy]
        .base: {stage: build, variables: {A: "1"}, tags: [x]}
        .deploy: {extends: .base, stage: deploy, needs: [build-a]}
        build-a: {extends: .base, script: [echo]}
        deploy-b: {extends: [.base, .deploy], script: [echo], variables: {B: "2"}}
        after: {extends: [.base, .deploy], script: [echo], needs: [deploy-b]}
        """);
    Cli.Result r = run("pipeline", "check", "ok.yml");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.err());
    // The later parent wins: with .base last, 'after' would run in build, before the deploy-b it needs.
    write("ok.yml", Files.readString(dir.resolve("ok.yml")).replace("after: {extends: [.base, .deploy]",
        "after: {extends: [.deploy, .base]"));
    r = run("pipeline", "check", "ok.yml");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("after.needs[0]: needs job 'deploy-b', which runs in a later stage"), r.toString());

    write("bad.yml", """
        stages: [build, deploy]
        .deploy: {stage: deploy}
        late: {extends: .deploy, script: [echo]}
        early: {extends: .build, stage: build, script: [echo], needs: [late]}
        loop-a: {extends: loop-b, stage: build, script: [echo]}
        loop-b: {extends: loop-a, stage: build, script: [echo]}
        """);
    r = run("pipeline", "check", "bad.yml");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(List.of(
        "error: bad.yml:4:9: early.extends: extends '.build', which is not a job or template of this file",
        "error: bad.yml:6:10: loop-b.extends: circular extends: loop-a -> loop-b -> loop-a",
        "error: bad.yml:4:64: early.needs[0]: needs job 'late', which runs in a later stage ('deploy')"),
        r.err().lines().toList());
  }
}
