package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigComposerTest {
  private static final String BASE = """
      {"architecture":"amd64","os":"linux","created":"2020-01-01T00:00:00Z","custom":"kept",
       "config":{"Env":["PATH=/bin","LANG=C"],"Cmd":["/bin/sh"],"Labels":{"z":"1","a":"old"}},
       "rootfs":{"type":"layers","diff_ids":["sha256:base"]},
       "history":[{"created":"2020-01-01T00:00:00Z","created_by":"base"}]}""";

  private static ImageSpec spec(Map<String, String> labels, List<String> env, Optional<List<String>> ep,
      Optional<List<String>> cmd, List<LayerSpec> layers) {
    return new ImageSpec(Optional.empty(), Platform.parse("linux/arm64/v8", "x"), layers, labels, env, ep, cmd,
        Optional.of("/work"), Optional.of("1000"), Ownership.ROOT, Instant.parse("2024-05-01T12:00:00.123Z"),
        ManifestFormat.OCI, 6);
  }

  private static ObjectNode base() throws Exception {
    return Json.object(BASE.getBytes(StandardCharsets.UTF_8), "base");
  }

  @Test
  void appliesChangesAndKeepsTheRest() throws Exception {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("m", "new");
    labels.put("a", "replaced");
    ObjectNode c = ConfigComposer.compose(Optional.of(base()),
        spec(labels, List.of("PATH=/opt/view/bin:/bin", "SPACK_ENV=/opt/env"), Optional.of(List.of("/run.sh")),
            Optional.empty(), List.of(new LayerSpec(Path.of("x"), "/opt/x", Optional.empty()))),
        List.of("sha256:new"));
    assertEquals("kept", c.get("custom").asText());
    assertEquals("2024-05-01T12:00:00Z", c.get("created").asText(), "seconds precision");
    assertEquals("amd64", c.get("architecture").asText(), "the base's platform stays");
    assertEquals("[\"PATH=/opt/view/bin:/bin\",\"LANG=C\",\"SPACK_ENV=/opt/env\"]", c.at("/config/Env").toString());
    assertEquals("{\"a\":\"replaced\",\"m\":\"new\",\"z\":\"1\"}", c.at("/config/Labels").toString(), "sorted, merged");
    assertEquals("[\"/run.sh\"]", c.at("/config/Entrypoint").toString());
    assertFalse(c.get("config").has("Cmd"), "a new entrypoint clears the base's command");
    assertEquals("/work", c.at("/config/WorkingDir").asText());
    assertEquals("1000", c.at("/config/User").asText());
    assertEquals("[\"sha256:base\",\"sha256:new\"]", c.at("/rootfs/diff_ids").toString());
    assertEquals(2, c.get("history").size());
    assertEquals("spacktainers image assemble: layer /opt/x", c.at("/history/1/created_by").asText());
  }

  @Test
  void entrypointWithCmdKeepsBoth() throws Exception {
    ObjectNode c = ConfigComposer.compose(Optional.of(base()),
        spec(Map.of(), List.of(), Optional.of(List.of("/run.sh")), Optional.of(List.of("--help")), List.of()), List.of());
    assertEquals("[\"--help\"]", c.at("/config/Cmd").toString());
    assertEquals(1, c.get("history").size(), "no layer, no history entry");
  }

  @Test
  void scratchRecordsThePlatform() {
    ObjectNode c = ConfigComposer.compose(Optional.empty(),
        spec(Map.of(), List.of(), Optional.empty(), Optional.empty(),
            List.of(new LayerSpec(Path.of("x"), "/x", Optional.empty()))), List.of("sha256:l"));
    assertEquals("arm64", c.get("architecture").asText());
    assertEquals("linux", c.get("os").asText());
    assertEquals("v8", c.get("variant").asText());
    assertEquals("[\"sha256:l\"]", c.at("/rootfs/diff_ids").toString());
    assertTrue(c.has("history"));
  }
}
