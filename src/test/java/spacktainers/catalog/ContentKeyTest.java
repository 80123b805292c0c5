package spacktainers.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentKeyTest {
  @TempDir Path root;

  private static final String SETTINGS = """
      default_branch: main
      registry: {host: registry.test, namespace: team}
      base_images:
        builder: {folder: base/builder, build_args: {SPACK_VERSION: v1.0.2}}
        runtime: {folder: base/runtime}
      architectures:
        amd64:
          runner_tags: [docker]
          base_arch: "%gcc@12 target=x86_64_v3"
          tag_suffix: false
          build_cache: {bucket: cache-bucket, access_key_variable: A, secret_key_variable: B, max_age_days: 30}
      environment:
        common:
          packages: {all: {require: "%BASE_ARCH%"}}
          config: {build_jobs: 4}
      """;

  private static final String DEFINITION = """
      spack:
        specs: [neuron@9.0 +mpi]
        packages: {hdf5: {variants: +mpi}}
      spacktainer:
        files: ["files/neuron/run.sh:/usr/bin/run", "files/neuron/data:/opt/data"]
      """;

  @BeforeEach
  void catalogue() throws IOException {
    write("spacktainers.yaml", SETTINGS);
    write("base/builder/Dockerfile", "FROM ubuntu:22.04\n");
    write("base/runtime/Dockerfile", "FROM ubuntu:22.04\n");
    write("container_definitions/amd64/neuron.yaml", DEFINITION);
    write("spacktainer/files/neuron/run.sh", "#!/bin/sh\necho run\n");
    write("spacktainer/files/neuron/data/a.txt", "a\n");
    write("spacktainer/files/neuron/data/sub/b.txt", "b\n");
    write("spacktainer/files/other/unused.txt", "not copied by anyone\n");
    write("templates/containerize/Dockerfile.mustache", "FROM {{builder}} AS builder\n");
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private String key() {
    return key(LockSource.NONE);
  }

  private String key(LockSource locks) {
    SiteSettings settings = SiteSettingsReader.read(root.resolve("spacktainers.yaml"), "spacktainers.yaml");
    Catalog c = CatalogLoader.load(new CatalogLoader.Request(root, settings,
        GitRef.of("main", Optional.empty(), "main"), locks, DigestSource.NONE, "0", root));
    assertTrue(c.problems().isEmpty(), c.problems().toString());
    return c.containers().get(0).key();
  }

  @Test
  void keyIsStableAcrossRunsKeyOrderWhitespaceCommentsAndQuoting() throws IOException {
    String before = key();
    assertEquals(before, key());
    write("container_definitions/amd64/neuron.yaml", """
        # reordered, re-indented, commented, quoted differently
        spacktainer:
            files:
                - 'files/neuron/run.sh:/usr/bin/run'
                - "files/neuron/data:/opt/data"
        spack:
            packages:
                hdf5:   {variants: '+mpi'}
            specs:
                - "neuron@9.0 +mpi"
        """);
    write("spacktainers.yaml", SETTINGS.replace("packages: {all: {require: \"%BASE_ARCH%\"}}\n    config: {build_jobs: 4}",
        "config: {build_jobs: 4}\n    packages: {all: {require: '%BASE_ARCH%'}}"));
    write("spacktainer/files/other/unused.txt", "changed, but no container copies it\n");
    assertEquals(before, key());
  }

  @Test
  void changingAnyInputChangesTheKey() throws IOException {
    String base = key();
    assertChanges(base, "container_definitions/amd64/neuron.yaml", DEFINITION.replace("+mpi]", "+mpi ~x]"));
    assertChanges(base, "spacktainer/files/neuron/run.sh", "#!/bin/sh\necho run!\n");
    assertChanges(base, "spacktainer/files/neuron/data/sub/b.txt", "c\n");
    assertChanges(base, "spacktainer/files/neuron/data/sub/new.txt", "");
    assertChanges(base, "base/builder/Dockerfile", "FROM ubuntu:24.04\n");
    assertChanges(base, "base/runtime/extra.sh", "true\n");
    assertChanges(base, "spacktainers.yaml", SETTINGS.replace("build_jobs: 4", "build_jobs: 8"));
    assertChanges(base, "spacktainers.yaml", SETTINGS.replace("v1.0.2", "v1.0.3"));
    assertChanges(base, "spacktainers.yaml", SETTINGS.replace("x86_64_v3", "x86_64_v4"));
    assertChanges(base, "templates/containerize/Dockerfile.mustache", "FROM {{builder}}\n");
    assertChanges(base, "templates/containerize/extra.mustache", "");
    Path run = root.resolve("spacktainer/files/neuron/run.sh");
    run.toFile().setExecutable(true);
    assertNotEquals(base, key(), "the executable bit is copied into the image");
    run.toFile().setExecutable(false);
  }

  @Test
  void pipelineTemplatesAndTheRefDoNotChangeTheKey() throws IOException {
    String base = key();
    write("templates/pipeline/child.yml.mustache", "stages: []\n");
    assertEquals(base, key());
  }

  @Test
  void theLockEntersTheKey() throws IOException {
    String none = key();
    write("locks/amd64/neuron/spack.lock", lock("aaaa"));
    String a = key(LockSource.directory(root.resolve("locks")));
    assertNotEquals(none, a);
    write("locks/amd64/neuron/spack.lock", lock("aaaa").replace("\n", "\n  "));
    assertEquals(a, key(LockSource.directory(root.resolve("locks"))), "layout of the lock does not matter");
    write("locks/amd64/neuron/spack.lock", lock("bbbb"));
    assertNotEquals(a, key(LockSource.directory(root.resolve("locks"))));
  }

  private static String lock(String hash) {
    return """
        {"_meta": {"file-type": "spack-lockfile", "lockfile-version": 6},
         "roots": [{"hash": "%1$s", "spec": "neuron@9.0 +mpi"}],
         "concrete_specs": {"%1$s": {"name": "neuron", "version": "9.0.1", "hash": "%1$s"}}}
        """.formatted(hash);
  }

  private void assertChanges(String base, String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    String old = Files.exists(p) ? Files.readString(p) : null;
    write(rel, text);
    assertNotEquals(base, key(), "changing " + rel + " must change the key");
    if (old == null) {
      Files.delete(p);
    } else {
      write(rel, old);
    }
    assertEquals(base, key(), "restoring " + rel + " restores the key");
  }

  @Test
  void linkedSourcesAndFolderDefinitionsHashWhatTheyHold() throws IOException {
    write("spacktainer/files/neuron/real.sh", "echo real\n");
    Files.delete(root.resolve("spacktainer/files/neuron/run.sh"));
    Files.createSymbolicLink(root.resolve("spacktainer/files/neuron/run.sh"), Path.of("real.sh"));
    String linked = key();
    assertChanges(linked, "spacktainer/files/neuron/real.sh", "echo changed\n");

    Files.delete(root.resolve("container_definitions/amd64/neuron.yaml"));
    write("container_definitions/amd64/neuron/spack.yaml", DEFINITION);
    write("container_definitions/amd64/neuron/packages.yaml", "packages: {}\n");
    String folder = key();
    assertNotEquals(linked, folder, "the folder's other files count");
    assertChanges(folder, "container_definitions/amd64/neuron/packages.yaml", "packages: {zlib: {}}\n");
  }
}
