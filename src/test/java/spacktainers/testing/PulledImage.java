package spacktainers.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * An image copied out of a registry with {@code skopeo copy docker://... dir:...}: every blob the
 * registry serves for it (manifest, config with its history, each layer), for checks on what really
 * got pushed. Layers are read decompressed.
 */
public final class PulledImage implements AutoCloseable {
  private final Path dir;

  private PulledImage(Path dir) {
    this.dir = dir;
  }

  /** Pulls {@code reference} (e.g. {@code 127.0.0.1:5000/x:1}) over plain HTTP into a temp folder. */
  public static PulledImage pull(String reference, String credentials) {
    Path skopeo = RealComponents.requireExecutable("skopeo");
    try {
      Path dir = Files.createTempDirectory("spacktainers-pulled-");
      List<String> cmd = new ArrayList<>(List.of(skopeo.toString(), "copy", "--quiet", "--src-tls-verify=false"));
      if (credentials != null) {
        cmd.add("--src-creds");
        cmd.add(credentials);
      }
      cmd.add("docker://" + reference);
      cmd.add("dir:" + dir.resolve("image"));
      Exec.Result r = Exec.run(cmd, Map.of(), Duration.ofSeconds(120));
      if (!r.ok()) {
        LocalRegistry.deleteRecursively(dir);
        throw new IllegalStateException("skopeo copy of " + reference + " failed:\n" + r.output());
      }
      return new PulledImage(dir.resolve("image"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One stored blob (or manifest) with its content, decompressed when it is gzip. */
  public record Blob(String name, byte[] content) {
    public boolean contains(byte[] needle) {
      return indexOf(content, needle) >= 0;
    }
  }

  /** Every file skopeo wrote: manifest.json, the config blob and each layer, gunzipped where gzip. */
  public List<Blob> blobs() {
    List<Blob> blobs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        byte[] raw = Files.readAllBytes(f);
        blobs.add(new Blob(f.getFileName().toString(), isGzip(raw) ? gunzip(raw) : raw));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blobs;
  }

  /** Names of the blobs whose content contains {@code text} (UTF-8). */
  public List<String> blobsContaining(String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    return blobs().stream().filter(b -> b.contains(needle)).map(Blob::name).toList();
  }

  public String manifest() {
    try {
      return Files.readString(dir.resolve("manifest.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The image configuration (labels, env, entrypoint, history) as JSON text. */
  public String config() {
    var m = java.util.regex.Pattern.compile("\"config\"\\s*:\\s*\\{[^}]*\"digest\"\\s*:\\s*\"sha256:([0-9a-f]{64})\"")
        .matcher(manifest());
    if (!m.find()) {
      throw new IllegalStateException("manifest without config: " + manifest());
    }
    try {
      return Files.readString(dir.resolve(m.group(1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Extracts the layers in order into a fresh folder with {@code tar} and returns it: the image's
   * file system as a reader would see it (whiteouts are not applied; the test images have none).
   */
  public Path extractLayers() {
    try {
      Path rootfs = Files.createDirectories(dir.getParent().resolve("rootfs"));
      for (String digest : layerDigests()) {
        Path layer = dir.resolve(digest.substring(digest.indexOf(':') + 1));
        Exec.Result r = Exec.run(List.of("tar", "-xf", layer.toString(), "-C", rootfs.toString(),
            "--no-same-owner", "--delay-directory-restore"), Map.of(), Duration.ofSeconds(60));
        if (!r.ok()) {
          throw new IllegalStateException("tar -xf " + layer + " failed:\n" + r.output());
        }
      }
      return rootfs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Layer digests in manifest order (a plain scan; the manifest is small and machine-written). */
  public List<String> layerDigests() {
    String m = manifest();
    int layers = m.indexOf("\"layers\"");
    if (layers < 0) {
      throw new IllegalStateException("manifest without layers: " + m);
    }
    List<String> digests = new ArrayList<>();
    var matcher = java.util.regex.Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"")
        .matcher(m.substring(layers));
    while (matcher.find()) {
      digests.add(matcher.group(1));
    }
    return digests;
  }

  @Override
  public void close() {
    LocalRegistry.deleteRecursively(dir.getParent());
  }

  private static boolean isGzip(byte[] b) {
    return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  private static byte[] gunzip(byte[] b) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * 3);
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
