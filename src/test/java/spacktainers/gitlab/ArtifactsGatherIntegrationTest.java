package spacktainers.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;

/**
 * {@code artifacts gather} end to end against WireMock on 127.0.0.1 answering like GitLab's REST API:
 * full bridge and job JSON, offset pagination over three pages, GitLab's error bodies and real zip
 * archives. Every run also checks that the token shows up nowhere: not on stdout or stderr (the
 * captured ones and the JVM's own), not in any file the run left behind.
 */
class ArtifactsGatherIntegrationTest {
  static final String TOKEN = "glpat-Q7vR2xYp9Lm4Tn8Ks3Wd";
  static final String JOB_TOKEN = "glcbt-64_Vh3Jk9Pq2Rs5Tu8Wx1Yz";
  static final String BRIDGE = "base containers and pipeline generation";
  static final String API = "/api/v4/projects/42";
  static final long PIPELINE = 1001;
  static final long CHILD = 2001;

  static WireMockServer wm;

  @TempDir Path work;
  final Map<String, byte[]> archives = new LinkedHashMap<>();
  final Map<String, Long> ids = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void world() {
    wm.resetAll();
    archives.put("process spack pipeline for amd64", TestZips.builder()
        .file("spack_pipeline.yaml", "stages: [stage-0]\n").file("pipelines/pipeline-0.yaml", "job: {}\n").bytes());
    archives.put("generate spacktainer jobs for amd64", TestZips.builder()
        .file("artifacts.amd64/spacktainer_pipeline.yaml", "build: {}\n").bytes());
    archives.put("process spack pipeline for arm64", TestZips.builder()
        .file("spack_pipeline.yaml", "stages: [stage-0, stage-1]\n").bytes());
    archives.put("generate spacktainer jobs for arm64", TestZips.builder()
        .file("artifacts.arm64/spacktainer_pipeline.yaml", "build: {arm: 1}\n").bytes());
    long id = 7001;
    for (String name : archives.keySet()) {
      ids.put(name, id++);
    }
    stubBridges(List.of(
        GitLabShapes.bridge(5001, BRIDGE, "success", PIPELINE, 42, CHILD),
        GitLabShapes.bridge(5002, "docs trigger", "success", PIPELINE, 42, 2002L)));
    stubJobs(jobsWith(Map.of()), false);
    for (String name : archives.keySet()) {
      stubArchive(ids.get(name), archives.get(name));
    }
  }

  void stubBridges(List<String> bridges) {
    GitLabShapes.stubPages(wm, API + "/pipelines/" + PIPELINE + "/bridges", bridges, 100, false);
  }

  /** 246 unrelated jobs first, the four wanted ones last: they are on page 3 of 3. */
  List<String> jobsWith(Map<String, String> statusOverrides) {
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 246; i++) {
      jobs.add(GitLabShapes.job(6000 + i, "build package-" + i + " for amd64", "success", CHILD, 42, 1234L, null));
    }
    for (String name : archives.keySet()) {
      jobs.add(GitLabShapes.job(ids.get(name), name, statusOverrides.getOrDefault(name, "success"), CHILD, 42,
          (long) archives.get(name).length, "2026-12-22T10:12:00.000Z"));
    }
    return jobs;
  }

  void stubJobs(List<String> jobs, boolean countless) {
    GitLabShapes.stubPages(wm, API + "/pipelines/" + CHILD + "/jobs", jobs, 100, countless);
  }

  void stubArchive(long jobId, byte[] zip) {
    wm.stubFor(get(urlPathEqualTo(API + "/jobs/" + jobId + "/artifacts")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/zip")
        .withHeader("Content-Disposition", "attachment; filename=\"artifacts.zip\"; filename*=UTF-8''artifacts.zip")
        .withBody(zip)));
  }

  Cli cli() {
    return Cli.in(work)
        .env("CI_API_V4_URL", wm.baseUrl() + "/api/v4")
        .env("CI_PROJECT_ID", "42")
        .env("CI_PIPELINE_ID", String.valueOf(PIPELINE))
        .env("GITLAB_API_TOKEN", TOKEN);
  }

  Cli.Result gather(Cli cli, String... args) {
    List<String> all = new ArrayList<>(List.of("artifacts", "gather", "--retry-delay", "10ms"));
    all.addAll(List.of(args));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream jvm = new ByteArrayOutputStream();
    Cli.Result r;
    try (PrintStream capture = new PrintStream(jvm, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      r = cli.run(all.toArray(String[]::new));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertNoSecret(r.out() + r.err() + jvm.toString(StandardCharsets.UTF_8), r);
    assertNoSecretInFiles();
    return r;
  }

  void assertNoSecret(String text, Cli.Result r) {
    assertFalse(text.contains(TOKEN) || text.contains(JOB_TOKEN), "token leaked:\n" + r);
  }

  void assertNoSecretInFiles() {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String s = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(s.contains(TOKEN) || s.contains(JOB_TOKEN), "token leaked into " + f);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void gathersEveryArchAcrossThreePagesExtractsAndWritesTheDotenv() throws IOException {
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--out", "artifacts", "--extract", "--dotenv", "build.env");
    assertEquals(0, r.exitCode(), r.toString());
    Path out = work.resolve("artifacts");
    assertArrayEquals(archives.get("process spack pipeline for amd64"),
        Files.readAllBytes(out.resolve("process-spack-pipeline.amd64.zip")));
    assertEquals("build: {arm: 1}\n", Files.readString(
        out.resolve("generate-spacktainer-jobs.arm64/artifacts.arm64/spacktainer_pipeline.yaml")));
    assertEquals("job: {}\n", Files.readString(out.resolve("process-spack-pipeline.amd64/pipelines/pipeline-0.yaml")));
    assertEquals("amd64=yes\narm64=yes\n", Files.readString(work.resolve("build.env")));
    assertEquals(List.of("generate-spacktainer-jobs.amd64", "generate-spacktainer-jobs.amd64.zip",
        "generate-spacktainer-jobs.amd64/artifacts.amd64",
        "generate-spacktainer-jobs.amd64/artifacts.amd64/spacktainer_pipeline.yaml",
        "generate-spacktainer-jobs.arm64", "generate-spacktainer-jobs.arm64.zip",
        "generate-spacktainer-jobs.arm64/artifacts.arm64",
        "generate-spacktainer-jobs.arm64/artifacts.arm64/spacktainer_pipeline.yaml",
        "process-spack-pipeline.amd64", "process-spack-pipeline.amd64.zip",
        "process-spack-pipeline.amd64/pipelines", "process-spack-pipeline.amd64/pipelines/pipeline-0.yaml",
        "process-spack-pipeline.amd64/spack_pipeline.yaml", "process-spack-pipeline.arm64",
        "process-spack-pipeline.arm64.zip", "process-spack-pipeline.arm64/spack_pipeline.yaml"), filesIn(out));
    String[] lines = r.out().split("\n");
    assertEquals(4, lines.length, r.toString());
    assertEquals("artifacts/process-spack-pipeline.amd64.zip\tprocess spack pipeline for amd64\tjob 7001\t"
        + archives.get("process spack pipeline for amd64").length + " bytes\t2 entries\textracted to"
        + " artifacts/process-spack-pipeline.amd64/", lines[0]);

    for (int page = 1; page <= 3; page++) {
      wm.verify(getRequestedFor(urlPathEqualTo(API + "/pipelines/" + CHILD + "/jobs"))
          .withQueryParam("page", equalTo(String.valueOf(page))).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
    }
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/jobs/7004/artifacts")).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));

    // Same inputs, same output, byte for byte; a second run replaces the folders rather than merging.
    Files.writeString(out.resolve("process-spack-pipeline.amd64/stale.txt"), "old");
    Cli.Result again = gather(cli(), "--bridge", BRIDGE, "--out", "artifacts", "--extract", "--dotenv", "build.env");
    assertEquals(r.out(), again.out());
    assertFalse(Files.exists(out.resolve("process-spack-pipeline.amd64/stale.txt")));
  }

  @Test
  void followsXNextPageWhenGitLabOmitsTheTotals() throws IOException {
    wm.resetAll();
    world();
    stubJobs(jobsWith(Map.of()), true);
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "arm64", "--job", "process spack pipeline");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(List.of("process-spack-pipeline.arm64.zip"), filesIn(work));
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/pipelines/" + CHILD + "/jobs"))
        .withQueryParam("page", equalTo("3")));
  }

  @Test
  void missingBridgeNamesThePipelineAndTheBridgesThatExist() {
    Cli.Result r = gather(cli(), "--bridge", "child pipeline");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("error: pipeline 1001: no trigger job (bridge) named 'child pipeline'\n"
        + "hint: its trigger jobs are: 'base containers and pipeline generation', 'docs trigger'\n", r.err());
  }

  @Test
  void missingJobNamesTheJobAndTheChildPipeline() {
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "amd64", "--arch", "ppc64le", "--job",
        "process spack pipeline");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith(
        "error: downstream pipeline 2001: no job named 'process spack pipeline for ppc64le'\nhint: its jobs are: "),
        r.err());
    assertEquals(List.of(), listOrEmpty(work));
  }

  @Test
  void failedJobSaysItsStatus() {
    stubJobs(jobsWith(Map.of("generate spacktainer jobs for arm64", "failed")), false);
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--extract", "--dotenv", "build.env");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("error: job 'generate spacktainer jobs for arm64' (id 7004): did not succeed: its status is failed\n"
        + "hint: see the job's log in the downstream pipeline\n", r.err());
    assertFalse(Files.exists(work.resolve("build.env")), "no report when the gather failed");
    assertEquals(List.of(), listOrEmpty(work), "nothing is downloaded before every job checks out");
  }

  @Test
  void statusesNewerThanGitLab4jKnowsAreReportedAsGitLabNamesThem() {
    stubJobs(jobsWith(Map.of("process spack pipeline for amd64", "waiting_for_resource")), false);
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "amd64", "--job", "process spack pipeline");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: job 'process spack pipeline for amd64' (id 7001): did not succeed: its"
        + " status is waiting_for_resource\nhint: the downstream pipeline is still running"), r.err());
  }

  @Test
  void rateLimitIsRetriedAfterTheServersRetryAfter() {
    wm.stubFor(get(urlPathEqualTo(API + "/pipelines/" + CHILD + "/jobs")).withQueryParam("page", equalTo("2"))
        .atPriority(1).inScenario("limited").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("again")
        .willReturn(GitLabShapes.error(429, "{\"message\":\"Retry later\"}").withHeader("Retry-After", "0")));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "arm64");
    assertEquals(0, r.exitCode(), r.toString());
    wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/pipelines/" + CHILD + "/jobs"))
        .withQueryParam("page", equalTo("2")));
    assertTrue(r.err().contains("listing the jobs of pipeline 2001: HTTP 429: Retry later; retry 1 of 4"), r.err());
  }

  @Test
  void unauthorizedNamesTheVariableNotTheToken() {
    wm.stubFor(get(anyUrl()).atPriority(1).willReturn(GitLabShapes.error(401, "{\"message\":\"401 Unauthorized\"}")));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE);
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("error: pipeline 1001 of project 42: cannot list its trigger jobs: GitLab rejected the token in"
        + " GITLAB_API_TOKEN (HTTP 401: 401 Unauthorized): it is wrong, expired or revoked\n"
        + "hint: create a new access token with the read_api scope and store it in GITLAB_API_TOKEN\n", r.err());
  }

  @Test
  void verboseStacktraceAndUnreachableServerDoNotLeakTheToken() {
    wm.stubFor(get(anyUrl()).atPriority(1).willReturn(GitLabShapes.error(401, "{\"message\":\"401 Unauthorized\"}")));
    Cli.Result r = gather(cli(), "-v", "--stacktrace", "--bridge", BRIDGE);
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().contains("\tat "), "a stack trace was printed: " + r);

    r = gather(cli().env("CI_API_V4_URL", "http://127.0.0.1:1/api/v4"), "-v", "--stacktrace", "--retries", "1",
        "--bridge", BRIDGE);
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().contains("error: pipeline 1001 of project 42: cannot list its trigger jobs: no answer from"
        + " GitLab at http://127.0.0.1:1/api/v4 ("), r.err());
    assertTrue(r.err().contains("after 1 retry\n"), r.err());
  }

  @Test
  void forbiddenForLackOfScopeSaysWhichScope() {
    wm.stubFor(get(anyUrl()).atPriority(1).willReturn(GitLabShapes.insufficientScope()));
    Cli.Result r = gather(cli().env("MY_TOKEN", TOKEN), "--bridge", BRIDGE, "--token-variable", "MY_TOKEN");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("error: pipeline 1001 of project 42: cannot list its trigger jobs: the token in MY_TOKEN lacks the"
        + " scope for this request (HTTP 403 insufficient_scope; GitLab accepts: api or read_api)\n"
        + "hint: give the token the read_api scope (a token with only read_repository or read_registry is not"
        + " enough)\n", r.err());
  }

  @Test
  void forbiddenForLackOfRoleSaysWhatRoleIsNeeded() {
    wm.stubFor(get(urlPathEqualTo(API + "/jobs/7001/artifacts")).atPriority(1)
        .willReturn(GitLabShapes.error(403, "{\"message\":\"403 Forbidden\"}")));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE);
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("error: job 'process spack pipeline for amd64' (id 7001): cannot download its artifacts: the token"
        + " in GITLAB_API_TOKEN is not allowed to (HTTP 403: 403 Forbidden)\n"
        + "hint: the token's user or bot needs at least the Reporter role in the project, and the token the"
        + " read_api scope\n", r.err());
  }

  @Test
  void notFoundPipelineSaysWhichPipeline() {
    wm.stubFor(get(urlPathEqualTo(API + "/pipelines/999/bridges"))
        .willReturn(GitLabShapes.error(404, "{\"message\":\"404 Not found\"}")));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--pipeline", "999");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("error: pipeline 999 of project 42: pipeline 999 not found in project 42 (HTTP 404: 404 Not found)\n"
        + "hint: check the IDs and --project; GitLab also answers 404 when the token cannot see the project\n",
        r.err());
  }

  @Test
  void notFoundArchiveOfAnExpiredJobSaysExpired() {
    List<String> jobs = jobsWith(Map.of());
    String expired = GitLabShapes.job(7001, "process spack pipeline for amd64", "success", CHILD, 42,
        (long) archives.get("process spack pipeline for amd64").length, "2026-01-01T00:00:00.000Z");
    jobs.set(246, expired);
    stubJobs(jobs, false);
    wm.stubFor(get(urlPathEqualTo(API + "/jobs/7001/artifacts")).atPriority(1)
        .willReturn(GitLabShapes.error(404, "{\"message\":\"404 Not Found\"}")));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "amd64", "--job", "process spack pipeline");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: job 'process spack pipeline for amd64' (id 7001): its artifacts expired at"
        + " 2026-01-01T00:00:00Z (HTTP 404: 404 Not Found)\n"), r.err());
  }

  @Test
  void serverErrorThenSuccessIsRetried() {
    wm.stubFor(get(urlPathEqualTo(API + "/pipelines/" + PIPELINE + "/bridges")).atPriority(1)
        .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
        .willReturn(GitLabShapes.error(500, "{\"message\":\"500 Internal Server Error\"}")));
    wm.stubFor(get(urlPathEqualTo(API + "/jobs/7002/artifacts")).atPriority(1)
        .inScenario("reset").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fine")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "amd64");
    assertEquals(0, r.exitCode(), r.toString());
    wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/pipelines/" + PIPELINE + "/bridges")));
    wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/jobs/7002/artifacts")));
    assertTrue(r.err().contains("warning: listing the trigger jobs of pipeline 1001: HTTP 500: 500 Internal Server"
        + " Error; retry 1 of 4 in"), r.err());
  }

  @Test
  void persistentServerErrorGivesUpAfterTheRetries() {
    wm.stubFor(get(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(502)
        .withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--retries", "2");
    assertEquals(1, r.exitCode(), r.toString());
    wm.verify(3, getRequestedFor(anyUrl()));
    assertTrue(r.err().contains("error: pipeline 1001 of project 42: cannot list its trigger jobs: GitLab answered"
        + " HTTP 502 (Bad Gateway) after 2 retries\n"), r.err());
  }

  @Test
  void nonZipBodyIsRefusedAndNothingIsLeftBehind() {
    byte[] page = "<!DOCTYPE html>\n<html><head><title>Sign in · GitLab</title></head></html>"
        .getBytes(StandardCharsets.UTF_8);
    archives.put("process spack pipeline for amd64", page);
    stubJobs(jobsWith(Map.of()), false);
    wm.stubFor(get(urlPathEqualTo(API + "/jobs/7001/artifacts")).atPriority(1).willReturn(aResponse()
        .withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8").withBody(page)));
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--extract");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: process-spack-pipeline.amd64.zip: is not a zip archive (it starts with"
        + " '<!DOCTYPE html>?<html><head><title>Sign in ?? Gi...')\n"), r.err());
    assertEquals(List.of(), listOrEmpty(work));
  }

  @Test
  void zipSlipEntryIsRefused() {
    byte[] evil = TestZips.builder().file("spack_pipeline.yaml", "x").file("../../../../tmp/evil.sh", "rm -rf ~")
        .bytes();
    replaceArchive("process spack pipeline for amd64", evil);
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "amd64", "--job", "process spack pipeline",
        "--extract");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("error: process-spack-pipeline.amd64.zip: unsafe archive: entry '../../../../tmp/evil.sh' climbs"
        + " out of the extraction folder with '..'\n"
        + "hint: nothing was extracted; the archive must only contain paths inside its own folder\n", r.err());
    assertEquals(List.of(), listOrEmpty(work));
  }

  @Test
  void zipBombIsRefused() {
    byte[] bomb = TestZips.builder().zeros("spack_pipeline.yaml", 24L << 20).bytes();
    replaceArchive("process spack pipeline for amd64", bomb);
    Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "amd64", "--job", "process spack pipeline", "--extract",
        "--max-extracted-size", "16MiB");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: process-spack-pipeline.amd64.zip: archive too large to extract safely:"
        + " declares more than 16777216 bytes uncompressed\n"
        + "hint: raise --max-extracted-size or --max-entries"), r.err());
    assertEquals(List.of(), listOrEmpty(work));
  }

  @Test
  void objectStorageRedirectIsFollowedWithoutTheToken() throws IOException {
    WireMockServer storage = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    storage.start();
    try {
      String signed = "/artifacts-bucket/7001.zip";
      wm.stubFor(get(urlPathEqualTo(API + "/jobs/7001/artifacts")).atPriority(1).willReturn(aResponse()
          .withStatus(302).withHeader("Location",
              storage.baseUrl() + signed + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc")));
      storage.stubFor(get(urlPathEqualTo(signed)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/zip").withBody(archives.get("process spack pipeline for amd64"))));
      Cli.Result r = gather(cli(), "--bridge", BRIDGE, "--arch", "amd64", "--job", "process spack pipeline");
      assertEquals(0, r.exitCode(), r.toString());
      storage.verify(1, getRequestedFor(urlPathEqualTo(signed)).withoutHeader("PRIVATE-TOKEN")
          .withoutHeader("JOB-TOKEN"));
      wm.verify(getRequestedFor(urlPathEqualTo(API + "/jobs/7001/artifacts"))
          .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
      assertArrayEquals(archives.get("process spack pipeline for amd64"),
          Files.readAllBytes(work.resolve("process-spack-pipeline.amd64.zip")));
    } finally {
      storage.stop();
    }
  }

  @Test
  void jobTokenFallbackUsesTheJobTokenHeaderAndExplainsItsLimits() {
    wm.stubFor(get(urlPathEqualTo(API + "/pipelines/" + PIPELINE + "/bridges")).atPriority(1)
        .willReturn(GitLabShapes.error(401, "{\"message\":\"401 Unauthorized\"}")));
    Cli.Result r = gather(cli().env("GITLAB_API_TOKEN", "").env("CI_JOB_TOKEN", JOB_TOKEN), "--bridge", BRIDGE);
    assertEquals(1, r.exitCode(), r.toString());
    wm.verify(getRequestedFor(anyUrl()).withHeader("JOB-TOKEN", equalTo(JOB_TOKEN)).withoutHeader("PRIVATE-TOKEN"));
    assertTrue(r.err().startsWith("warning: GITLAB_API_TOKEN is not set; using CI_JOB_TOKEN"), r.err());
    assertTrue(r.err().contains("error: pipeline 1001 of project 42: cannot list its trigger jobs: GitLab does not"
        + " accept CI_JOB_TOKEN (a CI job token) for listing pipeline trigger jobs and jobs (HTTP 401)\n"), r.err());
  }

  @Test
  void projectPathAndExplicitApiUrlOverrideTheCiVariables() {
    String encoded = "/api/v4/projects/hpc%2Fspacktainers";
    GitLabShapes.stubPages(wm, encoded + "/pipelines/" + PIPELINE + "/bridges",
        List.of(GitLabShapes.bridge(5001, BRIDGE, "success", PIPELINE, 42, CHILD)), 100, false);
    Cli.Result r = gather(cli().env("CI_API_V4_URL", "http://127.0.0.1:9/api/v4"), "--bridge", BRIDGE,
        "--project", "hpc/spacktainers", "--api-url", wm.baseUrl() + "/api/v4/", "--arch", "amd64");
    assertEquals(0, r.exitCode(), r.toString());
    // The downstream pipeline lives in project 42 (downstream_pipeline.project_id), so jobs are read there.
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/pipelines/" + CHILD + "/jobs")).withQueryParam("page",
        equalTo("1")));
  }

  @Test
  void usageErrorsComeBeforeAnyRequest() {
    Cli.Result r = gather(cli().env("CI_PIPELINE_ID", ""), "--out", "x");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("error: --pipeline: no pipeline given\nhint: pass --pipeline ID, or run inside GitLab CI"
        + " (CI_PIPELINE_ID)\nerror: --bridge: no bridge given\nhint: pass --bridge NAME: the trigger job (with"
        + " 'trigger:') of the pipeline that started the child pipeline\n", r.err());

    List<String> args = new ArrayList<>(List.of("--bridge", BRIDGE, "--dotenv", "build.env"));
    for (int i = 0; i < 21; i++) {
      args.addAll(List.of("--arch", "arch" + i));
    }
    r = gather(cli(), args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: --dotenv "), r.err());
    assertTrue(r.err().contains("a dotenv report holds at most 20 variables (GitLab's limit), but 21"), r.err());

    r = gather(Cli.in(work).env("CI_API_V4_URL", wm.baseUrl() + "/api/v4").env("CI_PROJECT_ID", "42"),
        "--pipeline", "1001", "--bridge", BRIDGE);
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: --token-variable: no GitLab token: the environment variable"
        + " GITLAB_API_TOKEN is not set (nor CI_JOB_TOKEN)\n"), r.err());
    wm.verify(0, getRequestedFor(anyUrl()));
  }

  void replaceArchive(String name, byte[] zip) {
    archives.put(name, zip);
    stubJobs(jobsWith(Map.of()), false);
    stubArchive(ids.get(name), zip);
  }

  List<String> listOrEmpty(Path dir) {
    try {
      return filesIn(dir);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theSiteSettingsNameTheBridgeAndTheJobs() throws IOException {
    String settings = Files.readString(spacktainers.testing.Repo.path("spacktainers.yaml"));
    Files.writeString(work.resolve("spacktainers.yaml"), settings.replace(
        "  gather_bridge: generate build cache pipelines\n  gather_jobs: [process spack pipeline]\n",
        "  gather_bridge: " + BRIDGE + "\n  gather_jobs: [generate spacktainer jobs]\n"));
    Cli.Result r = gather(cli(), "--arch", "arm64");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(List.of("generate-spacktainer-jobs.arm64.zip", "spacktainers.yaml"), filesIn(work));

    // Options win; then the settings are not read at all (a broken file does not matter).
    Files.writeString(work.resolve("spacktainers.yaml"), "colour: blue\n");
    r = gather(cli(), "--bridge", BRIDGE, "--job", "process spack pipeline", "--arch", "amd64");
    assertEquals(0, r.exitCode(), r.toString());
    r = gather(cli(), "--arch", "amd64");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: spacktainers.yaml:1:1: colour: unknown key 'colour'"), r.err());

    // Settings without a pipelines section: the bridge is still required, and the hint says where it can go.
    Files.writeString(work.resolve("spacktainers.yaml"), settings.substring(0, settings.indexOf("\n# Job names")));
    r = gather(cli(), "--arch", "amd64");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("error: --bridge: no bridge given\nhint: pass --bridge NAME: the trigger job (with 'trigger:') of"
        + " the pipeline that started the child pipeline, or set pipelines.gather_bridge in the site settings\n",
        r.err());
  }
}
