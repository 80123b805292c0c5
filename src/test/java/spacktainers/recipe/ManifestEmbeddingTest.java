package spacktainers.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spacktainers.spack.ContainerManifest;
import spacktainers.testing.RealComponents;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/**
 * The embedded spack.yaml reaches the image byte for byte: the generated shell really runs through
 * /bin/sh here, after the same line joining Docker's parser does, and the file it writes is compared
 * with the intended bytes.
 */
class ManifestEmbeddingTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {
      "spack:\n  specs:\n    - zlib\n",
      "a: '$HOME ${HOME} $(id) `id` \\\\ \\n \"q\" ''s'''\n",
      "  leading spaces\n\nblank line above; trailing backslash \\\n",
      "# not a comment for Docker\n'quoted'\n\"dq\"\n",
      "unicode: ü € 𝄞\n%s %d %% printf-directives\n-n\n-e\n",
      "x\n\n\n"})
  void dockerRunWritesExactBytes(String text) throws Exception {
    Path target = tmp.resolve("out.yaml");
    String run = ShellCommand.dockerRun(List.of(), List.of(ManifestEmbedding.printfCommand(text, target.toString())));
    runSh(dockerJoin(run).substring("RUN ".length()));
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target), run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a: '$HOME `id` \\\\ \"q\" ''s'''\n", "x\n\n  y \\\n"})
  void singularityPostWritesExactBytes(String text) throws Exception {
    Path target = tmp.resolve("out.yaml");
    String post = ShellCommand.scriptLines(List.of(ManifestEmbedding.printfCommand(text, target.toString())), "  ");
    runSh("set -e\n" + post);
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target), post);
  }

  /** The nasty golden cases, both formats: the file written in the image is the intended manifest. */
  @Test
  void goldenRecipesEmbedTheManifestUnaltered() throws Exception {
    Path fixture = ContainerizeGoldenTest.FIXTURES;
    for (String name : List.of("21-quoting-nasty-manifest-and-labels", "33-singularity-quoting-nasty")) {
      String recipe = Files.readString(fixture.resolve(name).resolve("expected.out"));
      String script = name.startsWith("21") ? dockerManifestRun(recipe) : singularityManifestLines(recipe);
      Path envDir = tmp.resolve(name);
      runSh(script.replace(ContainerManifest.ENVIRONMENT_DIR, envDir.toString()));
      YamlReader reader = new YamlReader(YamlLimits.DOCUMENT);
      JsonNode written = reader.read(envDir.resolve("spack.yaml")).root().get("spack");
      JsonNode original = reader.read(fixture.resolve(name).resolve("spack.yaml")).root().get("spack");
      for (String key : List.of("definitions", "specs", "packages")) {
        assertEquals(original.get(key), written.get(key), name + ": " + key);
      }
      assertEquals(original.get("config").get("build_stage"), written.get("config").get("build_stage"));
      assertTrue(written.get("specs").toString().contains("`id` $(id) ${HOME}"), written.toString());
    }
  }

  /** What Docker's parser does to a RUN: a line ending in the escape character continues on the next. */
  static String dockerJoin(String instruction) {
    StringBuilder sb = new StringBuilder();
    for (String line : instruction.split("\n", -1)) {
      if (line.endsWith("\\")) {
        sb.append(line, 0, line.length() - 1);
      } else {
        sb.append(line).append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }

  private static String dockerManifestRun(String dockerfile) {
    List<String> lines = List.of(dockerfile.split("\n"));
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("RUN mkdir -p " + ContainerManifest.ENVIRONMENT_DIR)) {
        start = i;
        break;
      }
    }
    assertTrue(start >= 0, "no manifest RUN in\n" + dockerfile);
    List<String> run = new ArrayList<>();
    for (int i = start; i < lines.size(); i++) {
      run.add(lines.get(i));
      if (!lines.get(i).endsWith("\\")) {
        break;
      }
    }
    return dockerJoin(String.join("\n", run)).substring("RUN ".length());
  }

  private static String singularityManifestLines(String def) {
    int start = def.indexOf("  mkdir -p " + ContainerManifest.ENVIRONMENT_DIR);
    int end = def.indexOf("> " + ContainerManifest.ENVIRONMENT_DIR + "/spack.yaml", start);
    assertTrue(start >= 0 && end > start, "no manifest in\n" + def);
    return "set -e\n" + def.substring(start, def.indexOf('\n', end) + 1);
  }

  private void runSh(String script) throws IOException, InterruptedException {
    Path sh = RealComponents.requireExecutable("sh");
    Process p = new ProcessBuilder(sh.toString(), "-c", script).directory(tmp.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "sh did not finish");
    assertEquals(0, p.exitValue(), "sh failed: " + out + "\nscript:\n" + script);
  }
}
