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

  @Test
  void modernLockfilesAreReadByKeyWithBuildOnlyDependenciesIncluded() {
    // Four specs, one of them build-only: all four are kept (the original's test_parse_spack_env).
    String specs = "\"" + A + "\": {\"name\": \"app\", \"hash\": \"" + A + "\", \"dependencies\": [{\"name\": \"zlib\", \"hash\": \""
        + B + "\", \"parameters\": {\"deptypes\": [\"link\"]}}, {\"name\": \"cmake\", \"hash\": \"" + C
        + "\", \"parameters\": {\"deptypes\": [\"build\"]}}]}, \"" + B + "\": {\"name\": \"zlib\"}, \"" + C
        + "\": {\"name\": \"cmake\"}, \"" + D + "\": {\"name\": \"gcc-runtime\"}";
    for (int v : new int[] {4, 5, 6, 7}) {
      assertEquals(Set.of(A, B, C, D), LockfileKeepSet.parse("spack.lock", lock(v, specs)), "v" + v);
    }
  }

  @Test
  void oldLockfilesUseEachNodesOwnHashNotTheKey() {
    // v1-v3 are keyed by build hash; the DAG hash is the node's "hash" (flat or under the package name).
    String specs = "\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\": {\"zlib\": {\"version\": \"1.2.13\", \"hash\": \"" + A + "\"}},"
        + "\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\": {\"name\": \"cmake\", \"hash\": \"" + B + "\"}";
    assertEquals(Set.of(A, B), LockfileKeepSet.parse("spack.lock", lock(3, specs)));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> LockfileKeepSet.parse("spack.lock",
        lock(2, "\"" + C + "\": {\"zlib\": {\"version\": \"1\"}}")));
    assertEquals("spack.lock: concrete_specs." + C + ": lockfile v2 node has no 'hash' field, so its DAG hash is unknown",
        e.problems().get(0).line());
  }

  @Test
  void includedEnvironmentsAreCollectedToo() {
    String text = "{\"_meta\": {\"file-type\": \"spack-lockfile\", \"lockfile-version\": 5}, \"concrete_specs\": {\"" + A
        + "\": {}}, \"include_concrete\": {\"/envs/base\": {\"roots\": [], \"concrete_specs\": {\"" + B
        + "\": {}}, \"include_concrete\": {\"/envs/deeper\": {\"concrete_specs\": {\"" + C + "\": {}}}}}}}";
    assertEquals(Set.of(A, B, C), LockfileKeepSet.parse("spack.lock", text));
  }

  @Test
  void badLockfilesGiveOneLinePerProblem() throws Exception {
    InvalidInputException json = assertThrows(InvalidInputException.class,
        () -> LockfileKeepSet.parse("x/spack.lock", "{\n  \"_meta\": ,\n}"));
    assertTrue(json.problems().get(0).line().startsWith("x/spack.lock:2:12: not valid JSON"), json.getMessage());
    InvalidInputException type = assertThrows(InvalidInputException.class,
        () -> LockfileKeepSet.parse("spack.yaml", "{\"_meta\": {\"file-type\": \"spack-database\"}}"));
    assertEquals("spack.yaml: _meta.file-type: is 'spack-database', expected 'spack-lockfile'", type.problems().get(0).line());
    InvalidInputException hashes = assertThrows(InvalidInputException.class,
        () -> LockfileKeepSet.parse("spack.lock", lock(6, "\"NOT-A-HASH\": {}, \"short\": {}")));
    assertEquals(2, hashes.problems().size());
    assertEquals("spack.lock: concrete_specs.NOT-A-HASH: 'NOT-A-HASH' is not a Spack DAG hash (32 characters a-z, 2-7)",
        hashes.problems().get(0).line());
    InvalidInputException missing = assertThrows(InvalidInputException.class,
        () -> LockfileKeepSet.read(List.of(dir.resolve("nope/spack.lock"), dir.resolve("other.lock"))));
    assertEquals(2, missing.problems().size(), "every missing lockfile is named (the original stopped at the first)");
    assertTrue(missing.problems().get(0).line().endsWith("nope/spack.lock: no such file"));
  }

  @Test
  void lockDirectoriesAreSearchedRecursively() throws Exception {
    Path a = dir.resolve("jobs_scratch_dir/stack-a/concrete_environment/spack.lock");
    Path b = dir.resolve("jobs_scratch_dir/stack-b/concrete_environment/spack.lock");
    Files.createDirectories(a.getParent());
    Files.createDirectories(b.getParent());
    Files.writeString(a, lock(6, "\"" + A + "\": {}"));
    Files.writeString(b, lock(6, "\"" + B + "\": {}"));
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
