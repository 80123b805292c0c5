package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;
import spacktainers.testing.Repo;

class DefinitionsCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void copyBrokenCatalogue() throws IOException {
    Path from = Repo.fixtures("catalog/broken");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.naturalOrder())::iterator) {
        Path to = dir.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else if (!p.getFileName().toString().equals("expected-validate.txt")) {
          Files.copy(p, to);
        }
      }
    }
    // Git would keep the link, but a link to /etc is best made where it is needed.
    Files.createSymbolicLink(dir.resolve("spacktainer/files/evil"), Path.of("/etc/hostname"));
  }

  @Test
  void validateReportsOneLinePerProblemAndStillListsTheValidContainers() throws IOException {
    Cli.Result r = Cli.in(dir).run("definitions", "validate");
    assertEquals(2, r.exitCode(), r.toString());
    List<String> expected = Files.readAllLines(Repo.fixtures("catalog/broken").resolve("expected-validate.txt"));
    List<String> lines = r.err().lines().filter(l -> !l.startsWith("hint: ")).toList();
    assertEquals(expected, lines, r.toString());
    assertFalse(r.err().contains("\tat "), r.toString());
    assertEquals("""
        ok: container_definitions/amd64/good.yaml (good, amd64, version 1.3.1)
        ok: container_definitions/arm64/good.yaml (good, arm64, version 1.3.1)
        ok: container_definitions/amd64/good-def.def (good-def, amd64, version 2.1)
        ok: container_definitions/amd64/noversion.yaml (noversion, amd64, no version yet)
        4 valid containers, 10 problems, 1 warning
        """, r.out());
  }

  @Test
  void listShowsValidContainersDespiteBrokenOnesAndIsByteStable() {
    Cli.Result r = Cli.in(dir).run("definitions", "list", "--json");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.out().contains("\"image\" : \"registry.test:5000/team/containers/good:1.3.1-arm64\""), r.out());
    assertTrue(r.out().contains("\"sif\" : \"good__1.3.1.sif\""), r.out());
    assertTrue(r.out().contains("\"tag\" : null"), r.out());
    assertEquals(r.out(), Cli.in(dir).run("definitions", "list", "--json").out(), "same inputs, same bytes");
    Cli.Result table = Cli.in(dir).run("definitions", "list", "--arch", "arm64");
    assertEquals(List.of("NAME  ARCH   KIND   VERSION  TAG          KEY"),
        table.out().lines().limit(1).toList(), table.toString());
    assertTrue(table.out().lines().skip(1).allMatch(l -> l.startsWith("good  arm64  spack  1.3.1    1.3.1-arm64  ")),
        table.toString());
  }

  @Test
  void branchBuildsGetSlugTagsFromTheCiEnvironmentOrRef() {
    Cli.Result ci = Cli.in(dir).env("CI_COMMIT_REF_NAME", "feature/arm64").env("CI_COMMIT_REF_SLUG", "feature-arm64")
        .run("definitions", "show", "good", "--arch", "arm64");
    assertTrue(ci.out().contains("tag: 1.3.1-arm64__feature-arm64\n"), ci.toString());
    Cli.Result ref = Cli.in(dir).run("definitions", "show", "good", "--arch", "amd64", "--ref", "Fix/Thing");
    assertTrue(ref.out().contains("tag: 1.3.1__fix-thing\n"), ref.toString());
    Cli.Result main = Cli.in(dir).run("definitions", "show", "good", "--arch", "amd64", "--ref", "main");
    assertTrue(main.out().contains("tag: 1.3.1\n"), main.toString());
  }

  @Test
  void showPrintsMergedEnvironmentsWithPlaceholdersSubstituted() {
    Cli.Result r = Cli.in(dir).run("definitions", "show", "good", "--arch", "arm64", "--env", "container");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("""
        spack:
          packages:
            all:
              require: '%gcc@12 target=armv8.4a'
          specs:
            - zlib@1.3.1
        """, r.out());
    Cli.Result both = Cli.in(dir).run("definitions", "show", "good", "--arch", "amd64", "--merged");
    assertTrue(both.out().startsWith("cache_environment:\n  spack:\n"), both.toString());
    assertTrue(both.out().contains("container_environment:\n  spack:\n"), both.toString());
  }

  @Test
  void showExplainsWhatIsMissing() {
    Cli.Result ambiguous = Cli.in(dir).run("definitions", "show", "good");
    assertEquals(2, ambiguous.exitCode());
    assertEquals("error: good: is defined for amd64, arm64\nhint: pick one with --arch\n", ambiguous.err());
    Cli.Result broken = Cli.in(dir).run("definitions", "show", "escape");
    assertEquals(2, broken.exitCode());
    assertTrue(broken.err().startsWith("error: container_definitions/amd64/escape.yaml:4:11: spacktainer.files[0]:"),
        broken.toString());
    Cli.Result none = Cli.in(dir).run("definitions", "show", "nothing");
    assertEquals("error: nothing: no such container in the catalogue\nhint: see 'spacktainers definitions list'\n",
        none.err());
  }

  @Test
  void showTakesTheVersionFromALock() throws IOException {
    Path lock = dir.resolve("spack.lock");
    Files.writeString(lock, """
        {"_meta": {"file-type": "spack-lockfile", "lockfile-version": 6},
         "roots": [{"hash": "aaaa", "spec": "neuron +mpi"}],
         "concrete_specs": {"aaaa": {"name": "neuron", "version": "9.0.1", "hash": "aaaa"}}}
        """);
    Cli.Result r = Cli.in(dir).run("definitions", "show", "noversion", "--arch", "amd64", "--lock", "spack.lock");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("version: 9.0.1\nversion_source: lock\ntag: 9.0.1\n"), r.out());
    assertEquals("", r.err());
    Cli.Result other = Cli.in(dir).run("definitions", "show", "good", "--arch", "amd64", "--lock", "spack.lock");
    assertEquals(2, other.exitCode(), other.toString());
    assertEquals("error: container_definitions/amd64/good.yaml: spack.specs[0]: the lock " + lock + " has no root"
        + " for 'zlib'\nhint: concretize the container's environment again\n", other.err());
  }

  @Test
  void rootAndConfigOptionsLocateTheCatalogue() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.move(dir.resolve("spacktainers.yaml"), elsewhere.resolve("site.yaml"));
    Cli.Result missing = Cli.in(dir).run("definitions", "list");
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().startsWith("error: spacktainers.yaml: no site settings file here\n"), missing.err());
    Cli.Result found = Cli.in(elsewhere).run("--root", "..", "definitions", "list", "--config", "site.yaml");
    assertTrue(found.out().startsWith("NAME "), found.toString());
    // Outside the working directory, paths are shown in full.
    assertTrue(found.err().contains("error: " + dir.toRealPath() + "/container_definitions/amd64/escape.yaml:4:11: ")
        || found.err().contains("error: " + dir + "/container_definitions/amd64/escape.yaml:4:11: "), found.err());
  }

  @Test
  void hostileYamlFailsFastWithAClearError() throws IOException {
    StringBuilder bomb = new StringBuilder("spack:\n  a: &a [x,x,x,x,x,x,x,x,x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      bomb.append("  ").append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = c;
    }
    Files.writeString(dir.resolve("container_definitions/amd64/bomb.yaml"), bomb);
    Files.writeString(dir.resolve("container_definitions/amd64/huge.yaml"),
        "spack:\n  specs: [zlib]\n#" + "x".repeat(5 << 20) + "\n");
    long start = System.nanoTime();
    Cli.Result r = Cli.in(dir).run("definitions", "validate");
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "fails fast");
    assertTrue(r.err().contains("error: container_definitions/amd64/bomb.yaml:2:6: document expands to more than"
        + " 1000000 nodes (aliases included); refusing to read it\n"), r.err());
    assertTrue(r.err().contains("error: container_definitions/amd64/huge.yaml: file is 5242905 bytes, more than the"
        + " limit of 4194304 bytes for this kind of file\n"), r.err());
  }

  @Test
  void theExampleCatalogueInTheRepositoryIsValid() {
    Cli.Result r = Cli.in(Repo.root()).run("definitions", "validate");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("ok: container_definitions/arm64/neuron.yaml (neuron, arm64, version 9.0.0)"), r.out());
    assertTrue(r.out().contains("ok: container_definitions/amd64/nexus-storage.def"), r.out());
    assertTrue(r.out().contains("ok: container_definitions/amd64/analysis/spack.yaml"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void brokenSettingsAndBadOptionsAreOneLineErrors() throws IOException {
    Files.writeString(dir.resolve("spacktainers.yaml"), "default_branch: main\nregistry: [\n");
    Cli.Result r = Cli.in(dir).run("definitions", "validate");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: spacktainers.yaml:3:1: invalid YAML: "), r.err());
    assertEquals("", r.out());
    Cli.Result arch = Cli.in(dir).run("definitions", "list", "--arch", "ppc64le");
    assertEquals("error: --arch: unknown architecture 'ppc64le'\nhint: supported: amd64, arm64\n", arch.err());
  }
}
