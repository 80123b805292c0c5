package spacktainers.buildcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problems;
import spacktainers.spack.SpackLock;

/**
 * The DAG hashes a set of {@code spack.lock} files need: every node of {@code concrete_specs},
 * build-only dependencies and included environments ({@code include_concrete}) too. Lockfiles of every
 * version are read by {@link SpackLock}, which resolves v2/v3 build-hash keys to DAG hashes.
 */
public final class LockfileKeepSet {
  private LockfileKeepSet() {}

  /** The union of the hashes of every given lockfile; every problem of every file is reported at once. */
  public static Set<String> read(List<Path> lockfiles) {
    Set<String> all = new TreeSet<>();
    Problems problems = new Problems();
    for (Path p : lockfiles) {
      try {
        all.addAll(hashes(SpackLock.read(p)));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return all;
  }

  /**
   * The DAG hashes of one lockfile. Build-cache entries are named by DAG hash, so a hash of another
   * shape could never match one: it is refused rather than silently protecting nothing.
   */
  static Set<String> hashes(SpackLock lock) {
    Set<String> out = new TreeSet<>();
    Problems problems = new Problems();
    collect(lock, "", out, problems);
    problems.throwIfAny();
    return out;
  }

  private static void collect(SpackLock lock, String path, Set<String> out, Problems problems) {
    for (SpackLock.ConcreteSpec s : lock.concreteSpecs().values()) {
      if (CacheKey.HASH.matcher(s.hash()).matches()) {
        out.add(s.hash());
      } else {
        problems.add(lock.source() + ": " + path + "concrete_specs." + s.key(),
            "'" + s.hash() + "' is not a Spack DAG hash (32 characters a-z, 2-7)");
      }
    }
    for (SpackLock.Included i : lock.included()) {
      collect(i.lock(), path + "include_concrete." + i.path() + ".", out, problems);
    }
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
