package spacktainers.buildcache;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problems;

/**
 * The DAG hashes a set of {@code spack.lock} files need, of every lockfile version.
 *
 * <ul>
 *   <li>v4 and later (Spack 0.18+): the keys of {@code concrete_specs}, which hold every node of the
 *       DAG, build-only dependencies included.
 *   <li>v1 to v3 (Spack 0.17 and older): keys may be build hashes, so each node's own {@code hash}
 *       field is read instead ({@code {"hash": ...}} or the old {@code {"<name>": {"hash": ...}}}).
 *   <li>{@code include_concrete} sections (0.22+) nest the lock content of included environments;
 *       their {@code concrete_specs} are collected too, at any depth.
 * </ul>
 *
 * <p>A duplicate of {@code spacktainers.spack.SpackLock} kept minimal on purpose; it only needs hashes.
 */
public final class LockfileKeepSet {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Lockfiles of big environments are a few MB; anything far larger is not a lockfile. */
  static final long MAX_BYTES = 256L * 1024 * 1024;

  private LockfileKeepSet() {}

  /** The union of the hashes of every given lockfile; every problem of every file is reported at once. */
  public static Set<String> read(List<Path> lockfiles) {
    Set<String> all = new TreeSet<>();
    Problems problems = new Problems();
    for (Path p : lockfiles) {
      try {
        all.addAll(read(p));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return all;
  }

  /** Every file below {@code dir} whose name ends in {@code spack.lock}, sorted. */
  public static List<Path> find(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw InvalidInputException.of(dir.toString(), "not a directory");
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith("spack.lock"))
          .sorted().toList();
    } catch (IOException e) {
      throw InvalidInputException.of(dir.toString(), "cannot read: " + AtomicFiles.describe(e));
    }
  }

  public static Set<String> read(Path file) {
    String where = file.toString();
    try {
      if (!Files.isRegularFile(file)) {
        throw InvalidInputException.of(where, Files.exists(file) ? "not a regular file" : "no such file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw InvalidInputException.of(where, "larger than " + (MAX_BYTES >> 20) + " MiB; not a Spack lockfile");
      }
    } catch (IOException e) {
      throw InvalidInputException.of(where, "cannot read: " + AtomicFiles.describe(e));
    }
    return parse(where, AtomicFiles.readString(file));
  }

  static Set<String> parse(String where, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String at = l == null ? where : where + ":" + l.getLineNr() + ":" + l.getColumnNr();
      throw InvalidInputException.of(at, "not valid JSON: " + e.getOriginalMessage(),
          "a Spack lockfile is the JSON file spack.lock next to spack.yaml");
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of(where, "not a Spack lockfile: expected a JSON object");
    }
    JsonNode meta = root.path("_meta");
    String type = meta.path("file-type").asText("spack-lockfile");
    if (!type.equals("spack-lockfile")) {
      throw InvalidInputException.of(where + ": _meta.file-type", "is '" + type + "', expected 'spack-lockfile'");
    }
    int version = meta.path("lockfile-version").asInt(0);
    if (version <= 0) {
      throw InvalidInputException.of(where + ": _meta.lockfile-version", "missing or not a positive integer");
    }
    if (!root.path("concrete_specs").isObject()) {
      throw InvalidInputException.of(where + ": concrete_specs", "missing or not a mapping");
    }
    Set<String> hashes = new TreeSet<>();
    Problems problems = new Problems();
    collect(where, "", root, version, hashes, problems);
    problems.throwIfAny();
    return hashes;
  }

  private static void collect(String where, String path, JsonNode section, int version, Set<String> out,
      Problems problems) {
    JsonNode specs = section.path("concrete_specs");
    String base = path.isEmpty() ? "concrete_specs" : path + ".concrete_specs";
    for (Map.Entry<String, JsonNode> e : specs.properties()) {
      String keyPath = base + "." + e.getKey();
      String hash = version >= 4 ? e.getKey() : nodeHash(e.getValue());
      if (hash.isEmpty()) {
        problems.add(where + ": " + keyPath,
            "lockfile v" + version + " node has no 'hash' field, so its DAG hash is unknown",
            "regenerate the lockfile with a newer Spack (spack concretize -f)");
      } else if (!CacheKey.HASH.matcher(hash).matches()) {
        problems.add(where + ": " + keyPath, "'" + hash + "' is not a Spack DAG hash (32 characters a-z, 2-7)");
      } else {
        out.add(hash);
      }
    }
    JsonNode included = section.path("include_concrete");
    if (included.isObject()) {
      for (Map.Entry<String, JsonNode> e : included.properties()) {
        String p = (path.isEmpty() ? "" : path + ".") + "include_concrete." + e.getKey();
        if (e.getValue().isObject()) {
          collect(where, p, e.getValue(), version, out, problems);
        }
      }
    }
  }

  /** A node's own hash: {@code {"hash": h}} (0.17+) or the old single-key {@code {"<name>": {"hash": h}}}. */
  private static String nodeHash(JsonNode node) {
    if (node.path("hash").isTextual()) {
      return node.path("hash").asText();
    }
    if (node.isObject() && node.size() == 1) {
      JsonNode inner = node.elements().next();
      if (inner.path("hash").isTextual()) {
        return inner.path("hash").asText();
      }
    }
    return "";
  }

  /** The lockfiles to read: the given files plus those found in the given folders, de-duplicated. */
  public static List<Path> collectFiles(List<Path> files, List<Path> dirs) {
    List<Path> out = new ArrayList<>(files);
    for (Path d : dirs) {
      List<Path> found = find(d);
      if (found.isEmpty()) {
        throw InvalidInputException.of(d.toString(), "contains no file named *spack.lock",
            "point --lock-dir at the folder with the pipelines' spack.lock artifacts");
      }
      out.addAll(found);
    }
    return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
  }
}
