package spacktainers.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import spacktainers.common.AtomicFiles;
import spacktainers.common.OperationFailedException;

/**
 * Checks and extracts zip archives that come from the network. Every entry is read and its CRC
 * compared, so a truncated or corrupted download never passes. Extraction refuses entries that
 * would land outside the target folder (absolute paths, {@code ..}), entries below a symbolic link,
 * links whose target resolves outside the folder (following the archive's own links, as the kernel
 * would), special files, and anything beyond {@link ZipLimits}.
 */
public final class SafeZip {
  private static final int EOCD_SIZE = 22;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final int MAX_LINK_TARGET = 4096;
  private static final int MAX_LINK_EXPANSIONS = 40;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private SafeZip() {}

  /** What an archive held. */
  public record Summary(int entries, long bytes) {}

  /** Reads every entry and checks its CRC, within {@code limits}. */
  public static Summary verify(Path zip, String name, ZipLimits limits) {
    return process(zip, name, limits, null);
  }

  /** Extracts into {@code target}, which must not exist yet; on failure nothing is left behind. */
  public static Summary extract(Path zip, String name, Path target, ZipLimits limits) {
    try {
      Files.createDirectory(target);
    } catch (IOException e) {
      throw new OperationFailedException(target.toString(), "cannot create folder: " + AtomicFiles.describe(e), e);
    }
    boolean done = false;
    try {
      Summary s = process(zip, name, limits, target);
      done = true;
      return s;
    } finally {
      if (!done) {
        deleteTree(target);
      }
    }
  }

  private static Summary process(Path zip, String name, ZipLimits limits, Path target) {
    long declaredEntries = entryCount(zip, name);
    if (declaredEntries > limits.maxEntries()) {
      throw bomb(name, "has " + declaredEntries + " entries, more than the limit of " + limits.maxEntries());
    }
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      List<ZipArchiveEntry> entries = Collections.list(zf.getEntriesInPhysicalOrder());
      if (entries.size() > limits.maxEntries()) {
        throw bomb(name, "has " + entries.size() + " entries, more than the limit of " + limits.maxEntries());
      }
      long declared = 0;
      for (ZipArchiveEntry e : entries) {
        declared += Math.max(0, e.getSize());
        if (declared > limits.maxTotalBytes()) {
          throw bomb(name, "declares more than " + limits.maxTotalBytes() + " bytes uncompressed");
        }
      }
      Plan plan = plan(zf, entries, name);
      long[] total = {0};
      for (ZipArchiveEntry e : plan.files) {
        if (!zf.canReadEntryData(e)) {
          throw bad(name, "entry '" + e.getName() + "' uses an unsupported compression or encryption");
        }
        Path out = target == null ? null : target.resolve(plan.paths.get(e));
        if (out != null) {
          writing(() -> Files.createDirectories(out.getParent()));
        }
        copyChecked(zf, e, out, name, limits, total);
        if (out != null && (e.getUnixMode() & 0111) != 0) {
          writing(() -> makeExecutable(out));
        }
      }
      if (target != null) {
        for (String dir : plan.dirs) {
          writing(() -> Files.createDirectories(target.resolve(dir)));
        }
        for (Map.Entry<String, String> link : plan.links.entrySet()) {
          Path at = target.resolve(link.getKey());
          writing(() -> Files.createDirectories(at.getParent()));
          writing(() -> Files.createSymbolicLink(at, at.getFileSystem().getPath(link.getValue())));
        }
      }
      return new Summary(entries.size(), total[0]);
    } catch (WriteFailure e) {
      throw new OperationFailedException(target == null ? name : target.toString(),
          "cannot write: " + AtomicFiles.describe(e.getCause()), e.getCause());
    } catch (IOException e) {
      throw bad(name, "is not a readable zip archive: " + AtomicFiles.describe(e));
    }
  }

  /** A failure on the disk side, told apart from a damaged archive. */
  private static final class WriteFailure extends RuntimeException {
    WriteFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  @FunctionalInterface
  private interface DiskAction {
    void run() throws IOException;
  }

  private static void writing(DiskAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new WriteFailure(e);
    }
  }

  /** Where each entry goes, decided before anything is written. */
  private static final class Plan {
    final List<ZipArchiveEntry> files = new ArrayList<>();
    final Map<ZipArchiveEntry, String> paths = new IdentityHashMap<>();
    final List<String> dirs = new ArrayList<>();
    final Map<String, String> links = new java.util.TreeMap<>();
  }

  private static Plan plan(ZipFile zf, List<ZipArchiveEntry> entries, String name) throws IOException {
    Plan plan = new Plan();
    Set<String> taken = new HashSet<>();
    Set<String> dirs = new HashSet<>();
    for (ZipArchiveEntry e : entries) {
      String path = safePath(e.getName(), name);
      if (path.isEmpty()) {
        continue;
      }
      int type = e.getUnixMode() & S_IFMT;
      boolean dir = e.isDirectory() || type == S_IFDIR;
      if (type != 0 && type != S_IFREG && type != S_IFDIR && type != S_IFLNK) {
        throw bad(name, "entry '" + e.getName() + "' is a special file (device, fifo or socket)");
      }
      if (dir) {
        if (taken.contains(path)) {
          throw bad(name, "entry '" + e.getName() + "' appears twice");
        }
        if (dirs.add(path)) {
          plan.dirs.add(path);
        }
        continue;
      }
      if (!taken.add(path) || dirs.contains(path)) {
        throw bad(name, "entry '" + e.getName() + "' appears twice");
      }
      if (e.isUnixSymlink()) {
        if (e.getSize() > MAX_LINK_TARGET) {
          throw bad(name, "symbolic link '" + e.getName() + "' has a target longer than " + MAX_LINK_TARGET);
        }
        plan.links.put(path, zf.getUnixSymlink(e));
      } else {
        plan.files.add(e);
        plan.paths.put(e, path);
      }
    }
    for (String path : concat(taken, dirs)) {
      for (String prefix = parent(path); !prefix.isEmpty(); prefix = parent(prefix)) {
        if (plan.links.containsKey(prefix)) {
          throw slip(name, "entry '" + path + "' lies below the symbolic link '" + prefix + "'");
        }
      }
    }
    for (Map.Entry<String, String> link : plan.links.entrySet()) {
      if (!staysInside(parent(link.getKey()), link.getValue(), plan.links)) {
        throw slip(name, "symbolic link '" + link.getKey() + "' -> '" + link.getValue()
            + "' points outside the extraction folder");
      }
    }
    return plan;
  }

  /** The entry's path relative to the target, or a zip-slip error. Empty for the root itself. */
  static String safePath(String entryName, String name) {
    if (entryName.indexOf('\0') >= 0) {
      throw slip(name, "entry name contains a NUL character");
    }
    if (entryName.startsWith("/") || entryName.matches("^[A-Za-z]:.*")) {
      throw slip(name, "entry '" + entryName + "' has an absolute path");
    }
    List<String> parts = new ArrayList<>();
    for (String c : entryName.split("/")) {
      if (c.equals("..")) {
        throw slip(name, "entry '" + entryName + "' climbs out of the extraction folder with '..'");
      }
      if (!c.isEmpty() && !c.equals(".")) {
        parts.add(c);
      }
    }
    return String.join("/", parts);
  }

  /**
   * Resolves {@code target} from the folder {@code fromDir} the way the kernel would once the archive
   * is extracted: components that are links of this archive are expanded. False when the walk leaves
   * the extraction root at any point, the target is absolute, or links loop.
   */
  static boolean staysInside(String fromDir, String target, Map<String, String> links) {
    if (target.startsWith("/") || target.isEmpty()) {
      return false;
    }
    Deque<String> at = new ArrayDeque<>(components(fromDir));
    Deque<String> todo = new ArrayDeque<>(components(target));
    int expansions = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (at.isEmpty()) {
          return false;
        }
        at.removeLast();
        continue;
      }
      at.addLast(c);
      String linkTarget = links.get(String.join("/", at));
      if (linkTarget != null) {
        if (++expansions > MAX_LINK_EXPANSIONS || linkTarget.startsWith("/") || linkTarget.isEmpty()) {
          return false;
        }
        at.removeLast();
        List<String> expanded = components(linkTarget);
        for (int i = expanded.size() - 1; i >= 0; i--) {
          todo.addFirst(expanded.get(i));
        }
      }
    }
    return true;
  }

  private static void copyChecked(ZipFile zf, ZipArchiveEntry e, Path out, String name, ZipLimits limits,
      long[] total) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[64 * 1024];
    OutputStream os = OutputStream.nullOutputStream();
    if (out != null) {
      try {
        os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (IOException ex) {
        throw new WriteFailure(ex);
      }
    }
    try (InputStream in = zf.getInputStream(e); OutputStream sink = os) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total[0] += n;
        if (total[0] > limits.maxTotalBytes()) {
          throw bomb(name, "expands to more than " + limits.maxTotalBytes() + " bytes (entry '" + e.getName()
              + "')");
        }
        crc.update(buf, 0, n);
        try {
          sink.write(buf, 0, n);
        } catch (IOException ex) {
          throw new WriteFailure(ex);
        }
      }
    }
    if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
      throw bad(name, "entry '" + e.getName() + "' is corrupt (CRC mismatch)");
    }
  }

  /**
   * The number of entries the end-of-central-directory record (or its ZIP64 twin) declares, read
   * without loading the directory: a zip bomb with millions of entries is refused before they cost
   * memory. No such record means the file is not a zip archive.
   */
  static long entryCount(Path zip, String name) {
    try (SeekableByteChannel ch = Files.newByteChannel(zip)) {
      long size = ch.size();
      if (size < EOCD_SIZE) {
        throw notZip(zip, name);
      }
      int tail = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
      ByteBuffer buf = read(ch, size - tail, tail);
      for (int i = tail - EOCD_SIZE; i >= 0; i--) {
        if (buf.getInt(i) == 0x06054b50) {
          long entries = buf.getShort(i + 10) & 0xFFFF;
          long eocdAt = size - tail + i;
          if (entries == 0xFFFF && eocdAt >= 20) {
            ByteBuffer locator = read(ch, eocdAt - 20, 20);
            if (locator.getInt(0) == 0x07064b50) {
              long zip64At = locator.getLong(8);
              if (zip64At >= 0 && zip64At + 56 <= size) {
                ByteBuffer rec = read(ch, zip64At, 56);
                if (rec.getInt(0) == 0x06064b50) {
                  return rec.getLong(32);
                }
              }
            }
          }
          return entries;
        }
      }
      throw notZip(zip, name);
    } catch (IOException e) {
      throw new OperationFailedException(name, "cannot read: " + AtomicFiles.describe(e), e);
    }
  }

  private static ByteBuffer read(SeekableByteChannel ch, long at, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    ch.position(at);
    while (buf.hasRemaining() && ch.read(buf) > 0) {
      // keep reading
    }
    return buf.flip();
  }

  private static OperationFailedException notZip(Path zip, String name) {
    return bad(name, "is not a zip archive (it starts with " + firstBytes(zip) + ")");
  }

  /** The first bytes as printable text, so an HTML error page or a JSON error is recognisable. */
  private static String firstBytes(Path zip) {
    byte[] head = new byte[48];
    int n;
    try (InputStream in = Files.newInputStream(zip)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return "unreadable bytes";
    }
    if (n == 0) {
      return "nothing: it is empty";
    }
    String s = new String(head, 0, n, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
    return "'" + s + (n == head.length ? "...'" : "'");
  }

  private static void makeExecutable(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      perms.add(PosixFilePermission.OWNER_EXECUTE);
      perms.add(PosixFilePermission.GROUP_EXECUTE);
      perms.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(file, perms);
    }
  }

  /** Deletes a folder tree without following symbolic links. */
  static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      List<Path> all = walk.sorted(Collections.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new OperationFailedException(root.toString(), "cannot delete: " + AtomicFiles.describe(e), e);
    }
  }

  private static List<String> components(String path) {
    List<String> out = new ArrayList<>();
    for (String c : path.split("/")) {
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static List<String> concat(Set<String> a, Set<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    Collections.sort(all);
    return all;
  }

  private static OperationFailedException bad(String name, String message) {
    return new OperationFailedException(name, message,
        "the archive is damaged or was not produced by a GitLab job; download it again or check the job", null);
  }

  private static OperationFailedException slip(String name, String message) {
    return new OperationFailedException(name, "unsafe archive: " + message,
        "nothing was extracted; the archive must only contain paths inside its own folder", null);
  }

  private static OperationFailedException bomb(String name, String message) {
    return new OperationFailedException(name, "archive too large to extract safely: " + message,
        "raise --max-extracted-size or --max-entries if the archive is legitimate", null);
  }
}
