package spacktainers.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import spacktainers.common.AtomicFiles;

/**
 * Writes a {@code docker save} style tarball: {@code manifest.json} naming the config and the layer
 * files, which are stored under {@code blobs/sha256/<hex>} as they are in the registry (compressed;
 * docker, podman and skopeo all read compressed layers). Written atomically and reproducibly.
 */
final class ImageArchive {
  private static final FileTime MTIME = FileTime.from(Instant.EPOCH);

  /** Writes one blob's bytes. */
  @FunctionalInterface
  interface BlobWriter {
    void writeTo(Descriptor blob, OutputStream out) throws IOException;
  }

  private ImageArchive() {}

  static void write(Path file, Optional<String> name, byte[] config, String configDigest, List<Descriptor> layers,
      BlobWriter blobs) {
    AtomicFiles.write(file, out -> {
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(out, 1 << 16))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        ObjectNode entry = Json.object();
        entry.put("Config", path(configDigest));
        ArrayNode tags = entry.putArray("RepoTags");
        name.ifPresent(tags::add);
        ArrayNode layerPaths = entry.putArray("Layers");
        layers.forEach(l -> layerPaths.add(path(l.digest())));
        ArrayNode manifest = Json.MAPPER.createArrayNode().add(entry);

        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        bytes(tar, path(configDigest), config);
        Set<String> written = new LinkedHashSet<>();
        written.add(configDigest);
        for (Descriptor layer : layers) {
          if (written.add(layer.digest())) {
            tar.putArchiveEntry(fileEntry(path(layer.digest()), layer.size()));
            blobs.writeTo(layer, tar);
            tar.closeArchiveEntry();
          }
        }
        bytes(tar, "manifest.json", Json.bytes(manifest));
        tar.finish();
      }
    });
  }

  private static String path(String digest) {
    return "blobs/sha256/" + digest.substring(digest.indexOf(':') + 1);
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(040755);
    fix(e);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void bytes(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    tar.putArchiveEntry(fileEntry(name, content.length));
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry fileEntry(String name, long size) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(0100644);
    e.setSize(size);
    fix(e);
    return e;
  }

  private static void fix(TarArchiveEntry e) {
    e.setModTime(MTIME);
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
  }
}
