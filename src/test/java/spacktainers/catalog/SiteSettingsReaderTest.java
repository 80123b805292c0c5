package spacktainers.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problem;
import spacktainers.testing.Repo;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

class SiteSettingsReaderTest {
  private static SiteSettings read(String text) {
    return SiteSettingsReader.validate(new YamlReader(YamlLimits.DOCUMENT).parse(text, "s.yaml"), Path.of("s.yaml"));
  }

  @Test
  void theRepositoryExampleIsValidAndComplete() {
    SiteSettings s = SiteSettingsReader.read(Repo.path("spacktainers.yaml"), "spacktainers.yaml");
    assertEquals("main", s.defaultBranch());
    assertEquals("registry.example.org/hpc/spacktainers/neuron", s.registry().repository("neuron"));
    SiteSettings.ArchSettings amd64 = s.arch(Architecture.AMD64).orElseThrow();
    assertEquals(Optional.of("x86_64_v3"), amd64.target());
    assertEquals("spack-build-cache-dev", amd64.buildCache().bucket().bucketFor(false));
    assertEquals(30, amd64.buildCache().maxAgeDays(false));
    assertEquals(SiteSettings.Proxy.UNSET, s.arch(Architecture.ARM64).orElseThrow().proxy());
    assertEquals("SIF_BUCKET_ACCESS_KEY_ID", s.sif().orElseThrow().accessKeyVariable());
    assertEquals(3, s.baseImages().size());
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsKeyPath() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read("""
        default_branch: main
        registry: {host: "bad host", namespace: Team}
        base_images: {builder: {folder: /abs}, runtime: {folder: rt}, extra: {}}
        architectures:
          amd64:
            runner_tags: []
            base_arch: "zlib target=x"
            tag_suffix: false
            proxy: maybe
            build_cache: {bucket: B, access_key_variable: "not-a-var", max_age_days: 0}
          arm64:
            runner_tags: [arm]
            base_arch: "%gcc@12"
            tag_suffix: false
            build_cache: {bucket: ok-bucket, access_key_variable: A, secret_key_variable: B, max_age_days: 1}
          ppc64le: {}
        environment: {common: {packages: {all: {require: "%BASEARCH%"}}}}
        colour: blue
        """));
    // amd64's own settings are invalid, so arm64's tag_suffix: false does not clash with it here.
    List<String> lines = e.problems().stream().map(Problem::line).toList();
    assertEquals(List.of(
        "s.yaml:18:1: colour: unknown key 'colour'",
        "s.yaml:2:12: registry.host: invalid registry host 'bad host': expected a host name with an optional :port",
        "s.yaml:2:30: registry.namespace: invalid image namespace 'Team': each '/'-separated part must be lower-case"
            + " letters and digits with '.', '_', '__' or '-' between them",
        "s.yaml:3:63: base_images.extra: unknown key 'extra'",
        "s.yaml:3:25: base_images.builder.folder: '/abs' must be a folder inside the repository, given relative to its root",
        "s.yaml:6:5: architectures.amd64.runner_tags: must not be empty",
        "s.yaml:7:5: architectures.amd64.base_arch: must not name a package: it is added to every spec's constraints"
            + " (e.g. '%gcc@12 os=ubuntu22.04 target=x86_64_v3')",
        "s.yaml:9:5: architectures.amd64.proxy: must be 'keep' or 'unset', not 'maybe'",
        "s.yaml:10:19: architectures.amd64.build_cache.bucket: invalid bucket name 'B': 3-63 lower-case letters, digits,"
            + " '.' and '-', starting and ending with a letter or digit",
        "s.yaml:10:30: architectures.amd64.build_cache.access_key_variable: invalid CI variable name 'not-a-var':"
            + " expected letters, digits and '_'",
        "s.yaml:10:5: architectures.amd64.build_cache: missing required key 'secret_key_variable' (a string)",
        "s.yaml:10:64: architectures.amd64.build_cache.max_age_days: must be a whole number of at least 1, not the number 0",
        "s.yaml:16:3: architectures.ppc64le: unsupported architecture 'ppc64le'",
        "s.yaml:17:41: environment.common.packages.all.require: unknown placeholder %BASEARCH%"), lines);
  }

  @Test
  void onlyOneArchitectureMayGoWithoutATagSuffix() {
    String arch = """
          %s:
            runner_tags: [t]
            base_arch: "%%gcc@12"
            tag_suffix: false
            build_cache: {bucket: ok-bucket, access_key_variable: A, secret_key_variable: B, max_age_days: 1}
        """;
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read("""
        default_branch: main
        registry: {host: r.test}
        base_images: {builder: {folder: b}, runtime: {folder: r}}
        architectures:
        """ + arch.formatted("amd64") + arch.formatted("arm64")));
    assertEquals(List.of("s.yaml:13:5: architectures.arm64.tag_suffix: only one architecture may have tag_suffix:"
        + " false, or two architectures would push the same tags"),
        e.problems().stream().map(Problem::line).toList());
  }

  private static final String MINIMAL = """
      default_branch: main
      registry: {host: r.test}
      base_images: {builder: {folder: b}, runtime: {folder: r}}
      architectures:
        amd64:
          runner_tags: [t]
          base_arch: "%gcc@12"
          build_cache: {bucket: ok-bucket, access_key_variable: A, secret_key_variable: B, max_age_days: 1}
      """;

  @Test
  void pipelinesNameTheJobsArtifactsGatherLooksFor() {
    assertEquals(SiteSettings.Pipelines.NONE, read(MINIMAL).pipelines());
    SiteSettings s = read(MINIMAL + "pipelines: {gather_bridge: generate build cache, gather_jobs: [split, "
        + "'concretize 2']}\n");
    assertEquals(new SiteSettings.Pipelines(Optional.of("generate build cache"), List.of("split", "concretize 2")),
        s.pipelines());
    SiteSettings repo = SiteSettingsReader.read(Repo.path("spacktainers.yaml"), "spacktainers.yaml");
    assertEquals(Optional.of("generate build cache pipelines"), repo.pipelines().gatherBridge());
  }

  @Test
  void pipelinesJobNamesAreValidated() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(MINIMAL + """
        pipelines:
          gather_bridge: .hidden
          gather_jobs: [split, " split", split, variables, "%s", 7]
          gather_job: x
        """.formatted("j".repeat(246))));
    assertEquals(List.of(
        "s.yaml:12:3: pipelines.gather_job: unknown key 'gather_job'",
        "s.yaml:10:3: pipelines.gather_bridge: '.hidden' starts with '.': GitLab never runs hidden jobs",
        "s.yaml:11:24: pipelines.gather_jobs[1]: a job name has no leading or trailing spaces"
            + " (GitLab would not find it)",
        "s.yaml:11:41: pipelines.gather_jobs[3]: 'variables' is a GitLab keyword, not a job name",
        "s.yaml:11:52: pipelines.gather_jobs[4]: the job name is 246 characters long; at most 245, so that"
            + " '<name> for <arch>' stays within GitLab's 255",
        "s.yaml:11:302: pipelines.gather_jobs[5]: must be a non-empty string, not the number 7"),
        e.problems().stream().map(Problem::line).toList());

    e = assertThrows(InvalidInputException.class, () -> read(MINIMAL + "pipelines: {gather_jobs: [a, b, a]}\n"));
    assertEquals(List.of("s.yaml:9:33: pipelines.gather_jobs[2]: 'a' is listed twice"),
        e.problems().stream().map(Problem::line).toList());
  }
}
