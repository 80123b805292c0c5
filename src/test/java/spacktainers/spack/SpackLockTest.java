package spacktainers.spack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import spacktainers.common.InvalidInputException;

/** One lockfile of each shape Spack has written, as documented in spack/environment/__init__.py. */
class SpackLockTest {
  private static final String Z = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
  private static final String N = "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn";
  private static final String B1 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1";
  private static final String B2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";

  @Test
  void v1NameKeyedNodesKeyedByDagHash() {
    SpackLock lock = SpackLock.parse("""
        {"_meta": {"file-type": "spack-lockfile", "lockfile-version": 1},
         "roots": [{"hash": "%1$s", "spec": "neuron@9.0 +mpi"}],
         "concrete_specs": {
           "%1$s": {"neuron": {"version": "9.0.0", "arch": {"platform": "linux", "platform_os": "ubuntu22.04",
                     "target": "x86_64"}, "compiler": {"name": "gcc", "version": "12.3.0"},
                     "dependencies": {"zlib": {"hash": "%2$s", "type": ["build", "link"]}}}},
           "%2$s": {"zlib": {"version": "1.2.13"}}}}
        """.formatted(N, Z), "v1.lock");
    assertEquals(1, lock.lockfileVersion());
    SpackLock.ConcreteSpec neuron = lock.rootFor("neuron").orElseThrow();
    assertEquals("9.0.0", neuron.version());
    assertEquals(N, neuron.hash());
    assertEquals(Optional.of(new SpackLock.Arch("linux", "ubuntu22.04", "x86_64")), neuron.arch());
    assertEquals(Optional.of(new SpackLock.Compiler("gcc", "12.3.0")), neuron.compiler());
    assertEquals(List.of(new SpackLock.Dependency("zlib", Z, List.of("build", "link"), List.of())),
        neuron.dependencies());
    assertEquals(Set.of(N, Z), lock.dagHashes());
  }

  @Test
  void v2KeyedByBuildHashWithDagHashInside() {
    SpackLock lock = SpackLock.parse("""
        {"_meta": {"file-type": "spack-lockfile", "lockfile-version": 2},
         "roots": [{"hash": "%3$s", "spec": "neuron"}],
         "concrete_specs": {
           "%3$s": {"neuron": {"version": "8.2.2", "hash": "%1$s",
                     "dependencies": {"zlib": {"hash": "%2$s", "type": ["link"]}}}},
           "%4$s": {"zlib": {"version": "1.2.13", "hash": "%2$s"}}}}
        """.formatted(N, Z, B1, B2), "v2.lock");
    SpackLock.ConcreteSpec neuron = lock.rootFor("neuron").orElseThrow();
    assertEquals(N, neuron.hash());
    assertEquals(B1, neuron.key());
    assertEquals(Z, neuron.dependencies().get(0).hash());
    assertEquals("1.2.13", lock.spec(Z).orElseThrow().version());
    assertEquals(List.of(N, Z), List.copyOf(lock.dagHashes()));
    assertEquals(N, lock.roots().get(0).hash(), "roots are reported by DAG hash");
  }

  @Test
  void v3ListDependenciesByBuildHash() {
    SpackLock lock = SpackLock.parse("""
        {"_meta": {"file-type": "spack-lockfile", "lockfile-version": 3, "specfile-version": 2},
         "roots": [{"hash": "%3$s", "spec": "neuron@8.2"}],
         "concrete_specs": {
           "%3$s": {"name": "neuron", "version": "8.2.4", "hash": "%1$s",
                    "dependencies": [{"name": "zlib", "build_hash": "%4$s", "type": ["build", "link"]}]},
           "%4$s": {"name": "zlib", "version": "1.2.13", "hash": "%2$s"}}}
        """.formatted(N, Z, B1, B2), "v3.lock");
    SpackLock.ConcreteSpec neuron = lock.rootFor("neuron").orElseThrow();
    assertEquals("8.2.4", neuron.version());
    assertEquals(new SpackLock.Dependency("zlib", Z, List.of("build", "link"), List.of()), neuron.dependencies().get(0));
  }

  @Test
  void v4ToV7DagHashesParametersVirtualsIncludesAndGroups() {
    for (int version = 4; version <= 7; version++) {
      SpackLock lock = SpackLock.parse("""
          {"_meta": {"file-type": "spack-lockfile", "lockfile-version": %3$d, "specfile-version": 5},
           "spack": {"version": "1.0.2", "type": "release"},
           "roots": [{"hash": "%1$s", "spec": "neuron@9.0.0 +mpi", "group": "default"}],
           "concrete_specs": {
             "%1$s": {"name": "neuron", "version": "git.abc123=9.0.0", "hash": "%1$s",
                      "arch": {"platform": "linux", "platform_os": "ubuntu22.04", "target": {"name": "x86_64_v3"}},
                      "dependencies": [{"name": "openmpi", "hash": "%2$s",
                                        "parameters": {"deptypes": ["build", "link"], "virtuals": ["mpi"]}}]},
             "%2$s": {"name": "openmpi", "version": "5.0.5", "hash": "%2$s",
                      "external": {"path": "/usr", "module": null}}},
           "include_concrete": {"/envs/base": {
             "roots": [{"hash": "%4$s", "spec": "cmake"}],
             "concrete_specs": {"%4$s": {"name": "cmake", "version": "3.30.5", "hash": "%4$s"}}}}}
          """.formatted(N, Z, version, B1), "v" + version + ".lock");
      assertEquals(version, lock.lockfileVersion());
      assertEquals(Optional.of("1.0.2"), lock.spackVersion());
      SpackLock.ConcreteSpec neuron = lock.rootFor("neuron").orElseThrow();
      assertEquals("git.abc123=9.0.0", neuron.version());
      assertEquals("x86_64_v3", neuron.arch().orElseThrow().target());
      assertEquals(new SpackLock.Dependency("openmpi", Z, List.of("build", "link"), List.of("mpi")),
          neuron.dependencies().get(0));
      assertTrue(lock.spec(Z).orElseThrow().external());
      assertEquals(Optional.of("default"), lock.roots().get(0).group());
      assertEquals(List.of(N, Z, B1), List.copyOf(lock.dagHashes()), "included environments count too");
      assertEquals("cmake", lock.spec(B1).orElseThrow().name());
      assertEquals(List.of("openmpi"), lock.dependenciesOf(N).stream().map(SpackLock.ConcreteSpec::name).toList());
    }
  }

  @Test
  void malformedLocksAreInputErrors() {
    assertEquals("x.lock:1:2: not a valid spack.lock (JSON): Unexpected character ('x' (code 120)): was expecting"
        + " double-quote to start field name", assertThrows(InvalidInputException.class,
            () -> SpackLock.parse("{x", "x.lock")).problems().get(0).line());
    assertEquals("x.lock: not a spack.lock: _meta.file-type is missing, expected 'spack-lockfile'",
        assertThrows(InvalidInputException.class, () -> SpackLock.parse("{}", "x.lock")).problems().get(0).line());
    assertEquals("x.lock: roots[0]: root hash abc is not in concrete_specs",
        assertThrows(InvalidInputException.class, () -> SpackLock.parse("""
            {"_meta": {"file-type": "spack-lockfile", "lockfile-version": 4},
             "roots": [{"hash": "abc", "spec": "zlib"}], "concrete_specs": {}}
            """, "x.lock")).problems().get(0).line());
  }

  @Test
  void badFilesAreNamedWithWhatIsWrongOnOneLine() {
    InvalidInputException json = assertThrows(InvalidInputException.class,
        () -> SpackLock.parse("{\n  \"_meta\": ,\n}", "x/spack.lock"));
    assertTrue(json.problems().get(0).line().startsWith("x/spack.lock:2:12: not a valid spack.lock (JSON): "),
        json.getMessage());
    assertTrue(json.problems().get(0).hint().contains("spack concretize"));
    assertEquals("index.json: not a spack.lock: _meta.file-type is 'spack-database', expected 'spack-lockfile'",
        assertThrows(InvalidInputException.class, () -> SpackLock.parse(
            "{\"_meta\": {\"file-type\": \"spack-database\"}}", "index.json")).problems().get(0).line());
    assertEquals("x.lock: _meta.lockfile-version must be a positive integer",
        assertThrows(InvalidInputException.class, () -> SpackLock.parse(
            "{\"_meta\": {\"file-type\": \"spack-lockfile\"}}", "x.lock")).problems().get(0).line());
    assertEquals("x.lock: concrete_specs: missing; a spack.lock maps hashes to specs",
        assertThrows(InvalidInputException.class, () -> SpackLock.parse(
            "{\"_meta\": {\"file-type\": \"spack-lockfile\", \"lockfile-version\": 6}, \"roots\": []}", "x.lock"))
            .problems().get(0).line());
    assertEquals("x.lock: concrete_specs: must be a mapping of hash to spec",
        assertThrows(InvalidInputException.class, () -> SpackLock.parse(
            "{\"_meta\": {\"file-type\": \"spack-lockfile\", \"lockfile-version\": 6}, \"concrete_specs\": []}",
            "x.lock")).problems().get(0).line());
  }

  @Test
  void v2AndV3NodesWithoutTheirOwnHashAreRefusedAllAtOnce() {
    // Keyed by build hash: taking the key for the DAG hash would name the wrong build-cache entry.
    for (int version = 2; version <= 3; version++) {
      String text = """
          {"_meta": {"file-type": "spack-lockfile", "lockfile-version": %3$d},
           "concrete_specs": {"%1$s": {"zlib": {"version": "1.2.13"}}, "%2$s": {"name": "cmake"}}}
          """.formatted(B1, B2, version);
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpackLock.parse(text, "v.lock"));
      assertEquals(List.of("v.lock: concrete_specs." + B1 + ": lockfile v" + version + " node has no 'hash' field,"
          + " so its DAG hash is unknown (v2 and v3 are keyed by build hash)", "v.lock: concrete_specs." + B2
          + ": lockfile v" + version + " node has no 'hash' field, so its DAG hash is unknown (v2 and v3 are keyed"
          + " by build hash)"), e.problems().stream().map(p -> p.line()).toList());
      assertTrue(e.problems().get(0).hint().contains("spack concretize -f"));
    }
  }
}
