package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.common.InvalidInputException;
import spacktainers.spack.SpackLock;

/** The keep set over lockfiles; how each lockfile version is read is {@code SpackLockTest}'s business. */
class LockfileKeepSetTest {
  @TempDir Path dir;

  static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  static final String C = "cccccccccccccccccccccccccccccccc";
  static final String D = "dddddddddddddddddddddddddddddddd";

  static String lock(int version, String concreteSpecs) {
    return "{\"_meta\": {\"file-type\": \"spack-lockfile\", \"lockfile-version\": " + version + "},"
        + " \"roots\": [], \"concrete_specs\": {" + concreteSpecs + "}}";
  }

  static Set<String> hashes(String text) {
    return LockfileKeepSet.hashes(SpackLock.parse(text, "spack.lock"));
  }

  @Test
  void modernLockfilesAreReadByKeyWithBuildOnlyDependenciesIncluded() {
    // Four specs, one of them build-only: all four are kept (the original's test_parse_spack_env).
    String specs = "\"" + A + "\": {\"name\": \"app\", \"hash\": \"" + A + "\", \"dependencies\": [{\"name\": \"zlib\", \"hash\": \""
        + B + "\", \"parameters\": {\"deptypes\": [\"link\"]}}, {\"name\": \"cmake\", \"hash\": \"" + C
        + "\", \"parameters\": {\"deptypes\": [\"build\"]}}]}, \"" + B + "\": {\"name\": \"zlib\"}, \"" + C
        + "\": {\"name\": \"cmake\"}, \"" + D + "\": {\"name\": \"gcc-runtime\"}";
    for (int v : new int[] {4, 5, 6, 7}) {
      assertEquals(Set.of(A, B, C, D), hashes(lock(v, specs)), "v" + v);
    }
  }

  @Test
  void oldLockfilesKeepEachNodesDagHashNotItsBuildHashKey() {
    // v2-v3 are keyed by build hash; the DAG hash is the node's "hash" (flat or under the package name).
    String specs = "\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\": {\"zlib\": {\"version\": \"1.2.13\", \"hash\": \"" + A + "\"}},"
        + "\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\": {\"name\": \"cmake\", \"hash\": \"" + B + "\"}";
    assertEquals(Set.of(A, B), hashes(lock(3, specs)));
    assertEquals(Set.of(A, B), hashes(lock(2, specs)));
    // v1 is keyed by DAG hash and its nodes carry no "hash" field at all.
    assertEquals(Set.of(C), hashes(lock(1, "\"" + C + "\": {\"zlib\": {\"version\": \"1.2.11\"}}")));
  }

  @Test
  void includedEnvironmentsAreCollectedAtAnyDepth() {
    String text = "{\"_meta\": {\"file-type\": \"spack-lockfile\", \"lockfile-version\": 5}, \"concrete_specs\": {\"" + A
        + "\": {\"name\": \"app\"}}, \"include_concrete\": {\"/envs/base\": {\"roots\": [], \"concrete_specs\": {\"" + B
        + "\": {\"name\": \"zlib\"}}, \"include_concrete\": {\"/envs/deeper\": {\"concrete_specs\": {\"" + C
        + "\": {\"name\": \"cmake\"}}}}}}}";
    assertEquals(Set.of(A, B, C), hashes(text));
  }

  @Test
  void everyKeyThatIsNotADagHashIsReportedWithItsKeyPath() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> hashes(lock(6, "\"NOT-A-HASH\": {\"name\": \"a\"}, \"short\": {\"name\": \"b\"}")));
    assertEquals(2, e.problems().size());
    assertEquals("spack.lock: concrete_specs.NOT-A-HASH: 'NOT-A-HASH' is not a Spack DAG hash (32 characters a-z, 2-7)",
        e.problems().get(0).line());
    InvalidInputException nested = assertThrows(InvalidInputException.class, () -> hashes(
        "{\"_meta\": {\"file-type\": \"spack-lockfile\", \"lockfile-version\": 5}, \"concrete_specs\": {},"
        + " \"include_concrete\": {\"/envs/base\": {\"concrete_specs\": {\"x\": {\"name\": \"zlib\"}}}}}"));
    assertEquals("spack.lock: include_concrete./envs/base.concrete_specs.x: 'x' is not a Spack DAG hash"
        + " (32 characters a-z, 2-7)", nested.problems().get(0).line());
  }

  @Test
  void everyBadLockfileIsNamedAtOnce() throws Exception {
    Files.writeString(dir.resolve("bad.lock"), "{\n  \"_meta\": ,\n}");
    Files.createDirectories(dir.resolve("folder.lock"));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> LockfileKeepSet.read(
        List.of(dir.resolve("nope/spack.lock"), dir.resolve("other.lock"), dir.resolve("bad.lock"),
            dir.resolve("folder.lock"))));
    List<String> lines = e.problems().stream().map(p -> p.line()).toList();
    assertEquals(4, lines.size(), "every bad lockfile is named (the original stopped at the first): " + lines);
    assertEquals(dir.resolve("nope/spack.lock") + ": no such file", lines.get(0));
    assertEquals(dir.resolve("other.lock") + ": no such file", lines.get(1));
    assertTrue(lines.get(2).startsWith(dir.resolve("bad.lock") + ":2:12: not a valid spack.lock (JSON)"), lines.get(2));
    assertEquals(dir.resolve("folder.lock") + ": is a directory, not a spack.lock file", lines.get(3));
    lines.forEach(l -> assertTrue(!l.contains("\n"), "one line each: " + l));
  }

  @Test
  void lockDirectoriesAreSearchedRecursively() throws Exception {
    Path a = dir.resolve("jobs_scratch_dir/stack-a/concrete_environment/spack.lock");
    Path b = dir.resolve("jobs_scratch_dir/stack-b/concrete_environment/spack.lock");
    Files.createDirectories(a.getParent());
    Files.createDirectories(b.getParent());
    Files.writeString(a, lock(6, "\"" + A + "\": {\"name\": \"app\"}"));
    Files.writeString(b, lock(6, "\"" + B + "\": {\"name\": \"zlib\"}"));
    Files.writeString(dir.resolve("jobs_scratch_dir/README"), "not a lockfile");
    List<Path> files = LockfileKeepSet.collectFiles(List.of(a), List.of(dir));
    assertEquals(List.of(a, b), files, "de-duplicated, sorted");
    assertEquals(Set.of(A, B), LockfileKeepSet.read(files));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> LockfileKeepSet.collectFiles(List.of(), List.of(empty)));
    assertTrue(e.getMessage().contains("contains no file named *spack.lock"));
  }
}
