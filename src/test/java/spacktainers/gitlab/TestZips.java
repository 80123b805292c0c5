package spacktainers.gitlab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds real zip archives for tests, including hostile ones (zip-slip names, escaping links, bombs). */
final class TestZips {
  private final List<Item> items = new ArrayList<>();

  private record Item(String name, byte[] content, int unixMode, long repeatZeros) {}

  static TestZips builder() {
    return new TestZips();
  }

  TestZips file(String name, String content) {
    items.add(new Item(name, content.getBytes(StandardCharsets.UTF_8), 0100644, 0));
    return this;
  }

  TestZips executable(String name, String content) {
    items.add(new Item(name, content.getBytes(StandardCharsets.UTF_8), 0100755, 0));
    return this;
  }

  TestZips dir(String name) {
    items.add(new Item(name.endsWith("/") ? name : name + "/", new byte[0], 040755, 0));
    return this;
  }

  TestZips symlink(String name, String target) {
    items.add(new Item(name, target.getBytes(StandardCharsets.UTF_8), 0120777, 0));
    return this;
  }

  /** An entry of {@code n} zero bytes: deflates about 1000:1, the classic bomb material. */
  TestZips zeros(String name, long n) {
    items.add(new Item(name, null, 0100644, n));
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTo(out);
    return out.toByteArray();
  }

  void writeTo(OutputStream out) {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      for (Item it : items) {
        ZipArchiveEntry e = new ZipArchiveEntry(it.name);
        e.setUnixMode(it.unixMode);
        e.setLastModifiedTime(FileTime.fromMillis(1_700_000_000_000L));
        e.setMethod(ZipEntry.DEFLATED);
        zip.putArchiveEntry(e);
        if (it.content != null) {
          zip.write(it.content);
        } else {
          byte[] block = new byte[1 << 16];
          for (long left = it.repeatZeros; left > 0; left -= block.length) {
            zip.write(block, 0, (int) Math.min(block.length, left));
          }
        }
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
