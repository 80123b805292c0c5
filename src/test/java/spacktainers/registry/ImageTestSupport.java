package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import spacktainers.testing.PulledImage;
import spacktainers.testing.RealComponents;

/** Shared fixtures of the image integration tests: a Spack-like source tree and read-back helpers. */
final class ImageTestSupport {
  static final ObjectMapper JSON = new ObjectMapper();

  private ImageTestSupport() {}

  /** A tiny Spack install tree and a view of symlinks into it. */
  static Path spackTree(Path root) throws IOException {
    Path bin = Files.createDirectories(root.resolve("store/linux-x86_64/hello-1.0-abcdef/bin"));
    Files.writeString(bin.resolve("hello"), "#!/bin/sh\necho hello from spack\n");
    Files.setPosixFilePermissions(bin.resolve("hello"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createLink(bin.resolve("hello-again"), bin.resolve("hello"));
    Path view = Files.createDirectories(root.resolve("view/bin"));
    Files.createSymbolicLink(view.resolve("hello"), Path.of("/opt/spack/store/linux-x86_64/hello-1.0-abcdef/bin/hello"));
    Files.writeString(root.resolve("view/README"), "view\n");
    return root;
  }

  /** Tar entries of a (gunzipped) layer blob. */
  static Map<String, TarArchiveEntry> tarEntries(byte[] layer) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    InputStream raw = new ByteArrayInputStream(layer);
    if (layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b) {
      raw = new GZIPInputStream(raw);
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(raw, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(e.getName(), e);
      }
    }
    return entries;
  }

  /** The config JSON of a pulled image. */
  static JsonNode config(PulledImage image) throws IOException {
    JsonNode manifest = JSON.readTree(image.manifest());
    String hex = manifest.at("/config/digest").asText().substring(7);
    byte[] bytes = image.blobs().stream().filter(b -> b.name().equals(hex)).findFirst().orElseThrow().content();
    return JSON.readTree(bytes);
  }

  /** Tar entries of every layer of a pulled image, in order. */
  static List<Map<String, TarArchiveEntry>> layers(PulledImage image) throws IOException {
    List<Map<String, TarArchiveEntry>> layers = new ArrayList<>();
    List<PulledImage.Blob> blobs = image.blobs();
    for (String digest : image.layerDigests()) {
      String hex = digest.substring(7);
      layers.add(tarEntries(blobs.stream().filter(b -> b.name().equals(hex)).findFirst().orElseThrow().content()));
    }
    return layers;
  }

  /** Runs skopeo with the arguments; returns exit code and combined output. */
  static Run skopeo(String... args) throws Exception {
    Path skopeo = RealComponents.requireExecutable("skopeo");
    List<String> cmd = new ArrayList<>(List.of(skopeo.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("skopeo timed out");
    }
    return new Run(p.exitValue(), out);
  }

  /** Exit code and output of an external command. */
  record Run(int exitCode, String out) {
    Run ok() {
      assertEquals(0, exitCode, out);
      return this;
    }
  }

  /** The first whitespace-separated word of the CLI's success line: the digest. */
  static String digestOf(String stdout) {
    return stdout.strip().split("\\s+")[0];
  }
}
