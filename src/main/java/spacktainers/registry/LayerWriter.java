package spacktainers.registry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Reporter;

/**
 * Writes one layer as a reproducible gzip tar. Unlike jib's file layers it stores symbolic links as
 * links (a Spack view is a tree of them; following them would copy the store a second time) and
 * files with several hard links once, then as hard-link entries.
 *
 * <p>Reproducible means: entries in byte order of their names, one fixed modification time, numeric
 * owner ids without names, no access or change times, no host user name (commons-compress would
 * otherwise put the JVM's {@code user.name} in every header), gzip members without time or name
 * cut at fixed offsets ({@link ParallelGzipOutputStream}).
 * The same tree, options and library versions give the same bytes.
 */
public final class LayerWriter {
  private final Ownership ownership;
  private final FileTime mtime;
  private final int compressionLevel;
  private final Reporter reporter;

  public LayerWriter(Ownership ownership, Instant mtime, int compressionLevel, Reporter reporter) {
    this.ownership = ownership;
    this.mtime = FileTime.from(Instant.ofEpochSecond(mtime.getEpochSecond()));
    this.compressionLevel = compressionLevel;
    this.reporter = reporter;
  }

  /**
   * Writes the layer for {@code spec} into {@code workDir}. The source itself is followed when it is
   * a symbolic link (so {@code --layer view:/opt/view} takes the view a link points to); everything
   * below it is stored as found.
   */
  public LayerBlob write(LayerSpec spec, Path workDir) {
    Path source = spec.source();
    if (!Files.exists(source)) {
      throw InvalidInputException.of("--layer " + spec, "source " + source + " does not exist");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(workDir, "layer-", ".tar.gz");
      MessageDigest compressed = Json.sha256Digest();
      MessageDigest uncompressed = Json.sha256Digest();
      long entries;
      try (OutputStream file = Files.newOutputStream(tmp);
          OutputStream gzip = new ParallelGzipOutputStream(
              new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), compressed), compressionLevel,
              Runtime.getRuntime().availableProcessors());
          TarArchiveOutputStream tar = new TarArchiveOutputStream(
              new DigestOutputStream(new BufferedOutputStream(gzip, 1 << 16), uncompressed))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Walk walk = new Walk(tar, spec);
        Path real = source.toRealPath();
        String root = spec.target(real, Files.isDirectory(real)).substring(1);
        if (Files.isDirectory(real)) {
          walk.directory(real, root);
        } else {
          walk.entry(real, root);
        }
        tar.finish();
        entries = walk.count;
      }
      String digest = "sha256:" + HexFormat.of().formatHex(compressed.digest());
      String diffId = "sha256:" + HexFormat.of().formatHex(uncompressed.digest());
      Path target = workDir.resolve(digest.substring(7) + ".tar.gz");
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      return new LayerBlob(target, digest, diffId, Files.size(target), entries);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of("--layer " + spec, e.getFile() + " disappeared while the layer was written");
    } catch (IOException e) {
      throw new OperationFailedException("--layer " + spec, "cannot write the layer: " + AtomicFiles.describe(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temporary file in the work folder is removed with the folder
        }
      }
    }
  }

  /** One pass over a source tree, writing entries and remembering hard-linked files. */
  private final class Walk {
    private final TarArchiveOutputStream tar;
    private final LayerSpec spec;
    private final Map<String, String> firstNameOfInode = new HashMap<>();
    long count;

    Walk(TarArchiveOutputStream tar, LayerSpec spec) {
      this.tar = tar;
      this.spec = spec;
    }

    void directory(Path dir, String name) throws IOException {
      if (!name.isEmpty()) {
        entry(dir, name);
      }
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        stream.forEach(children::add);
      }
      children.sort((a, b) -> compareNames(a.getFileName().toString(), b.getFileName().toString()));
      for (Path child : children) {
        String childName = name.isEmpty() ? child.getFileName().toString() : name + "/" + child.getFileName();
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          directory(child, childName);
        } else {
          entry(child, childName);
        }
      }
    }

    void entry(Path path, String name) throws IOException {
      Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,ino,dev,nlink,size", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      int type = mode & 0170000;
      TarArchiveEntry e;
      boolean content = false;
      switch (type) {
        case 0040000 -> {
          e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
          e.setMode(0040000 | mode & 07777);
        }
        case 0120000 -> {
          e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
          e.setLinkName(Files.readSymbolicLink(path).toString());
          e.setMode(0120777);
        }
        case 0100000 -> {
          int nlink = (Integer) a.get("nlink");
          String inode = a.get("dev") + ":" + a.get("ino");
          String first = nlink > 1 ? firstNameOfInode.putIfAbsent(inode, name) : null;
          if (first != null) {
            e = new TarArchiveEntry(name, TarConstants.LF_LINK);
            e.setLinkName(first);
          } else {
            e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setSize((Long) a.get("size"));
            content = true;
          }
          e.setMode(0100000 | spec.fileMode().orElse(mode & 07777));
        }
        default -> {
          reporter.warning("--layer " + spec, "skipped " + path + ": sockets, pipes and device files are not stored in layers");
          return;
        }
      }
      e.setModTime(mtime);
      e.setUserId(ownership.uidFor((Integer) a.get("uid")));
      e.setGroupId(ownership.gidFor((Integer) a.get("gid")));
      e.setUserName("");
      e.setGroupName("");
      tar.putArchiveEntry(e);
      if (content) {
        long written = Files.copy(path, tar);
        if (written != e.getSize()) {
          throw new IOException(path + " changed size while the layer was written");
        }
      }
      tar.closeArchiveEntry();
      count++;
    }
  }

  /** Byte order of the UTF-8 names, so the order does not depend on the JVM's collation. */
  static int compareNames(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
