package spacktainers.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The digest of the templates that render container recipes, which enters every content key: a
 * {@code templates/} folder at the catalogue root (user overrides) if there is one, else the
 * templates bundled in the tool. Pipeline templates ({@code templates/pipeline/}) do not change
 * images and are left out.
 */
public final class RenderingTemplates {
  private RenderingTemplates() {}

  public static byte[] digest(Path catalogRoot, FileDigests digests) {
    Path local = catalogRoot.resolve("templates");
    try {
      if (Files.isDirectory(local)) {
        return digestOf(local, digests);
      }
      URL bundled = RenderingTemplates.class.getResource("/templates");
      if (bundled == null) {
        return new ContentHasher("templates").text("none", "").hex().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      }
      URI uri = bundled.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return digestOf(fs.getPath("/templates"), digests);
      }
      return digestOf(Path.of(uri), digests);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] digestOf(Path dir, FileDigests digests) throws IOException {
    ContentHasher h = new ContentHasher("templates");
    for (FileDigests.Entry e : FileDigests.entries(dir)) {
      if (e.kind() != 'f' || e.relative().startsWith("pipeline/")) {
        continue;
      }
      h.text("path", e.relative());
      // Jar entries are not in the default file system; read them directly.
      h.bytes("file", e.path().getFileSystem() == FileSystems.getDefault()
          ? digests.file(e.path()) : ContentHasher.sha256().digest(Files.readAllBytes(e.path())));
    }
    return h.digest();
  }
}
