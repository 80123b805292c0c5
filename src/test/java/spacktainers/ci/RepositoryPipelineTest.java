package spacktainers.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import spacktainers.catalog.Architecture;
import spacktainers.catalog.SiteSettings;
import spacktainers.catalog.SiteSettingsReader;
import spacktainers.testing.Cli;
import spacktainers.testing.Repo;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/**
 * This repository's own CI files: they pass {@code pipeline check} (GitLab's schema and limits), call
 * only commands that exist, and the values that must be static YAML match {@code spacktainers.yaml}.
 */
class RepositoryPipelineTest {
  private static final String ROOT = ".gitlab-ci.yml";
  private static final String CHILD = ".ci/generate-build-cache.yml";
  private static final Pattern INVOCATION = Pattern.compile("\\./spacktainers((?: [a-z][a-z-]*)+)");

  private static JsonNode read(String file) {
    return new YamlReader(YamlLimits.PIPELINE).read(Repo.path(file), file).root();
  }

  @Test
  void passesPipelineCheck() {
    Cli.Result r = Cli.in(Repo.root()).run("pipeline", "check", ROOT, CHILD);
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().isEmpty(), r.toString());
  }

  @Test
  void callsOnlyCommandsThatExist() {
    Set<String> commands = new LinkedHashSet<>();
    for (String file : List.of(ROOT, CHILD)) {
      read(file).properties().forEach(job -> job.getValue().path("script").forEach(line -> {
        Matcher m = INVOCATION.matcher(line.asText());
        while (m.find()) {
          commands.add(m.group(1).trim());
        }
      }));
    }
    assertTrue(commands.containsAll(List.of("definitions validate", "definitions list", "definitions show",
        "pipeline split", "pipeline check", "artifacts gather", "cache prune")), commands.toString());
    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.add("--help");
      Cli.Result r = Cli.in(Repo.root()).run(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), command + ": " + r);
    }
  }

  @Test
  void staticValuesMirrorTheSiteSettings() {
    SiteSettings settings = SiteSettingsReader.read(Repo.path("spacktainers.yaml"), "spacktainers.yaml");
    JsonNode root = read(ROOT);
    JsonNode child = read(CHILD);
    String bridge = settings.pipelines().gatherBridge().orElseThrow();
    assertEquals(CHILD, root.path(bridge).path("trigger").path("include").path(0).path("local").asText(),
        "pipelines.gather_bridge names the trigger job of the child pipeline");
    assertEquals(Set.of(Architecture.values()), settings.architectures().keySet(), "every architecture has jobs");
    for (Architecture a : Architecture.values()) {
      SiteSettings.ArchSettings arch = settings.arch(a).orElseThrow();
      SiteSettings.Bucket cache = arch.buildCache().bucket();
      for (String job : settings.pipelines().gatherJobs()) {
        assertTrue(child.has(job + " for " + a), job + " for " + a);
      }
      String split = settings.pipelines().gatherJobs().get(0);
      assertEquals("gathered/" + split.replace(' ', '-') + "." + a + "/split/" + a + "/pipeline.yml",
          root.path("populate build cache for " + a).path("trigger").path("include").path(0).path("artifact").asText());

      JsonNode concretize = child.path("concretize for " + a);
      List<String> tags = new ArrayList<>();
      concretize.path("tags").forEach(t -> tags.add(t.asText()));
      assertEquals(arch.runnerTags(), tags, "concretize for " + a + ": runner tags");
      JsonNode cv = concretize.path("variables");
      assertEquals("$" + cache.accessKeyVariable(), cv.path("AWS_ACCESS_KEY_ID").asText());
      assertEquals("$" + cache.secretKeyVariable(), cv.path("AWS_SECRET_ACCESS_KEY").asText());
      assertEquals(cache.endpoint().orElse(""), cv.path("AWS_ENDPOINT_URL").asText(""));

      // The scheduled prune runs on the default branch: its bucket and age.
      JsonNode pv = root.path("prune build cache for " + a).path("variables");
      assertEquals(cache.bucketFor(true), pv.path("CACHE_BUCKET").asText());
      assertEquals(cache.endpoint().orElse(""), pv.path("CACHE_ENDPOINT").asText());
      assertEquals(String.valueOf(arch.buildCache().maxAgeDays(true)), pv.path("CACHE_MAX_AGE_DAYS").asText());
      assertEquals("$" + cache.accessKeyVariable(), pv.path("AWS_ACCESS_KEY_ID").asText());
      assertEquals("$" + cache.secretKeyVariable(), pv.path("AWS_SECRET_ACCESS_KEY").asText());
    }
    String builder = settings.registry().repository(
        settings.baseImage(SiteSettings.BaseImageRole.BUILDER).orElseThrow().name());
    assertTrue(child.path("variables").path("BUILDER_IMAGE").asText().startsWith(builder + ":"),
        "BUILDER_IMAGE is the builder of base_images under the registry");
  }
}
