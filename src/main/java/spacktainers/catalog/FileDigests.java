package spacktainers.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * sha256 digests of files and folders, each file's bytes read once per run however many containers
 * use it (templates, shared {@code files} sources, base-image folders). Thread-safe.
 */
public final class FileDigests {
  private final Map<Path, byte[]> files = new ConcurrentHashMap<>();
  private final Map<Path, byte[]> trees = new ConcurrentHashMap<>();

  /** The sha256 of a regular file's bytes. */
  public byte[] file(Path file) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    byte[] known = files.get(key);
    if (known != null) {
      return known;
    }
    MessageDigest sha = ContentHasher.sha256();
    try (InputStream in = Files.newInputStream(key)) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    byte[] digest = sha.digest();
    files.put(key, digest);
    return digest;
  }

  /**
   * A digest of a file or a folder tree: every entry's path relative to {@code path} (sorted, with
   * {@code /}), its kind, the executable bit of files, file digests and symlink targets (links are
   * not followed: images copy them as links).
   */
  public byte[] tree(Path path) throws IOException {
    Path key = path.toAbsolutePath().normalize();
    byte[] known = trees.get(key);
    if (known != null) {
      return known;
    }
    ContentHasher h = new ContentHasher("tree");
    if (Files.isSymbolicLink(key)) {
      // A named source that is a link: what it points at is what gets copied.
      h.text("link", Files.readSymbolicLink(key).toString()).bytes("target", tree(key.toRealPath()));
    }
    for (Entry e : entries(key)) {
      h.text("path", e.relative());
      switch (e.kind()) {
        case 'l' -> h.text("link", Files.readSymbolicLink(e.path()).toString());
        case 'd' -> h.text("dir", "");
        default -> h.bytes(e.executable() ? "exec" : "file", file(e.path()));
      }
    }
    byte[] digest = h.digest();
    trees.put(key, digest);
    return digest;
  }

  /** One entry under a tree root. */
  public record Entry(Path path, String relative, char kind, boolean executable) {}

  /** The entries under {@code root} (the root itself as {@code "."}), sorted by relative path. */
  public static List<Entry> entries(Path root) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      out.add(entry(root, "."));
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        out.add(entry(p, rel.isEmpty() ? "." : rel));
      }
    }
    out.sort((a, b) -> a.relative().compareTo(b.relative()));
    return out;
  }

  private static Entry entry(Path p, String rel) throws IOException {
    if (Files.isSymbolicLink(p)) {
      return new Entry(p, rel, 'l', false);
    }
    if (Files.isDirectory(p)) {
      return new Entry(p, rel, 'd', false);
    }
    boolean exec;
    try {
      exec = Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (UnsupportedOperationException e) {
      exec = Files.isExecutable(p);
    }
    return new Entry(p, rel, 'f', exec);
  }
}
