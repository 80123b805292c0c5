package spacktainers.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.common.Problems;
import spacktainers.common.Reporter;
import spacktainers.spack.ContainerManifest;
import spacktainers.spack.SpackDialect;
import spacktainers.spack.SpackEnvironment;
import spacktainers.testing.Buildah;
import spacktainers.testing.Cli;
import spacktainers.testing.LocalRegistry;
import spacktainers.testing.PulledImage;
import spacktainers.testing.Repo;
import spacktainers.testing.TestImages;
import spacktainers.yaml.YamlDocument;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/**
 * Acceptance: Dockerfiles from {@code containerize} really build. buildah (Debian 12's 1.28, vfs
 * storage, chroot isolation, no daemon) builds them FROM small local images served by a real
 * docker-registry on 127.0.0.1; the build image carries a stub {@code spack} that records its
 * arguments and a digest of the monitor credentials it sees. No internet is needed.
 */
class ContainerizeRealBuildTest {
  @RegisterExtension static final LocalRegistry registry = LocalRegistry.plain();

  private static Buildah buildah;
  private static String buildImage;
  private static String finalImage;

  @BeforeAll
  static void baseImages() {
    Path stubs = Repo.path("src/test/resources/realbuild");
    buildImage = TestImages.busybox()
        .add(stubs.resolve("spack-stub.sh"), "/usr/bin/spack", "0755")
        .add(stubs.resolve("file-stub.sh"), "/usr/bin/file", "0755")
        .add(stubs.resolve("strip-stub.sh"), "/usr/bin/strip", "0755")
        .pushTo(registry, "base/spack-build:stub");
    finalImage = TestImages.busybox().pushTo(registry, "base/runtime:1");
    buildah = Buildah.create();
  }

  @AfterAll
  static void removeStorage() {
    if (buildah != null) {
      buildah.close();
    }
  }

  @Test
  void monitorBuildSeesTheCredentialsAndThePushedImageHoldsNoToken(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("spack.yaml"), environment("  - zlib\n"));
    String tags = "ci,nightly;echo $HOME";
    Cli.Result gen = Cli.in(dir).run("containerize", "--monitor", "--monitor-host", "http://127.0.0.1:8000",
        "--monitor-tags", tags, "--monitor-keep-going");
    assertEquals(0, gen.exitCode(), gen.toString());
    Path dockerfile = Files.writeString(dir.resolve("Dockerfile"), gen.out());
    assertTrue(gen.out().contains("--mount=type=secret,id=su"), gen.out());

    String user = "alice@example.org";
    String token = "spackmon-" + UUID.randomUUID() + "-$HOME'\"`x`\\";
    String image = registry.image("test/monitor:1");
    Buildah.Result built = buildah.build(dockerfile, dir, image,
        List.of("id=st,env=SPACKMON_TOKEN", "id=su,env=SPACKMON_USER"),
        Map.of("SPACKMON_TOKEN", token, "SPACKMON_USER", user));
    assertTrue(built.ok(), built.toString());
    assertFalse(built.output().contains(token), "the build log shows the token");
    Buildah.Result pushed = buildah.push(image, null);
    assertTrue(pushed.ok(), pushed.toString());

    try (PulledImage pulled = PulledImage.pull(image, null)) {
      assertTrue(pulled.blobs().size() >= 4, "manifest, config and at least two layers expected");
      assertEquals(List.of(), pulled.blobsContaining(token), "blobs holding the token");
      assertEquals(List.of(), pulled.blobsContaining(token.substring(0, 45)), "blobs holding part of the token");

      List<StubCall> calls = StubCall.read(pulled.extractLayers());
      StubCall install = single(calls, "install");
      assertTrue(install.args().containsAll(List.of("--monitor", "--monitor-keep-going", "--fail-fast")), install.toString());
      assertEquals(tags, install.valueAfter("--monitor-tags"), install.toString());
      assertEquals("http://127.0.0.1:8000", install.valueAfter("--monitor-host"), install.toString());
      assertEquals(sha256(user), install.env().get("SPACKMON_USER"), install.toString());
      assertEquals(sha256(token), install.env().get("SPACKMON_TOKEN"), install.toString());
      assertEquals("/opt/spack-environment", install.cwd());
      for (StubCall c : calls) {
        if (!c.sameRunAs(install)) {
          assertEquals("unset", c.env().get("SPACKMON_TOKEN"), "credentials leak into another step: " + c);
        }
      }
    }
  }

  @Test
  void monitorBuildWithoutTheSecretsFails(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("spack.yaml"), environment("  - zlib\n"));
    Cli.Result gen = Cli.in(dir).run("containerize", "--monitor");
    assertEquals(0, gen.exitCode(), gen.toString());
    Path dockerfile = Files.writeString(dir.resolve("Dockerfile"), gen.out());

    Buildah.Result built = buildah.build(dockerfile, dir, registry.image("test/no-secrets:1"), List.of(), Map.of());

    assertNotEquals(0, built.exitCode(), built.toString());
    // It fails in the install step, for lack of the secrets: reading /run/secrets/*, the stub's (and
    // Spack 0.18's) complaint, or buildah's own check where the mounts say required=true.
    String out = built.output();
    assertTrue(out.contains("Error: building at STEP \"RUN --mount=type=secret,id="), built.toString());
    assertTrue(out.contains("can't open '/run/secrets/") || out.contains("/run/secrets/su: No such file")
        || out.contains("You are required to export SPACKMON_TOKEN and SPACKMON_USER")
        || out.contains("secret required but no secret with id"), built.toString());
  }

  /**
   * Specs and a label no shell or Dockerfile step may alter: quotes of both kinds, {@code $VAR},
   * {@code $(...)}, backticks, backslashes (one at the end of a line), printf directives, a leading
   * {@code #} and {@code -}, and non-ASCII text.
   */
  private static final String NASTY_SPECS = String.join("\n",
      "  - 'hdf5@1.12 +mpi cflags=\"-O2 -g\" ldflags=-Wl,-rpath,$ORIGIN'",
      "  - \"py-foo ^python@3.10: 'quoted' `uname -r` $(touch /tmp/pwned) ${HOME} $$\"",
      "  - 'back\\slash and a trailing backslash \\'",
      "  - '#not-a-comment'",
      "  - '- dash %s %d %% \\n'",
      "  - 'caf\u00e9 \u2713'",
      "");

  @Test
  void nastyEnvironmentIsEmbeddedByteForByteAndLabelsSurviveTheBuild(@TempDir Path dir) throws Exception {
    String label = "say \"hi\" to $USER and `whoami` \\ 100%";
    Files.writeString(dir.resolve("spack.yaml"), environment(NASTY_SPECS)
        + "    labels:\n      description: '" + label.replace("'", "''") + "'\n");
    Cli.Result gen = Cli.in(dir).run("containerize");
    assertEquals(0, gen.exitCode(), gen.toString());
    Path dockerfile = Files.writeString(dir.resolve("Dockerfile"), gen.out());

    String image = registry.image("test/nasty:1");
    Buildah.Result built = buildah.build(dockerfile, dir, image, List.of(), Map.of());
    assertTrue(built.ok(), built.toString());
    assertTrue(buildah.push(image, null).ok());

    SpackEnvironment env = SpackEnvironment.of(new YamlReader(YamlLimits.DOCUMENT).read(dir.resolve("spack.yaml"),
        "spack.yaml"));
    String intended = ContainerManifest.render(env.spack(), SpackDialect.of(Optional.empty()), env::where,
        Reporter.SILENT, new Problems());
    try (PulledImage pulled = PulledImage.pull(image, null)) {
      Path rootfs = pulled.extractLayers();
      byte[] embedded = Files.readAllBytes(rootfs.resolve("opt/spack-environment/spack.yaml"));
      assertEquals(intended, new String(embedded, StandardCharsets.UTF_8));
      // and independently of the renderer: the specs read back are the user's, value for value
      YamlDocument back = new YamlReader(YamlLimits.DOCUMENT).read(rootfs.resolve("opt/spack-environment/spack.yaml"),
          "embedded spack.yaml");
      assertEquals(env.spack().get("specs"), back.root().get("spack").get("specs"));

      JsonNode config = new ObjectMapper().readTree(pulled.config());
      assertEquals(label, config.path("config").path("Labels").path("description").asText(), pulled.config());
      StubCall install = single(StubCall.read(rootfs), "install");
      assertFalse(install.args().contains("--monitor"), install.toString());
      assertEquals("unset", install.env().get("SPACKMON_TOKEN"));
    }
  }

  /** The environment under test, built FROM the local stub images. */
  private static String environment(String specs) {
    return "spack:\n  specs:\n" + specs
        + "  container:\n"
        + "    images:\n"
        + "      build: " + buildImage + "\n"
        + "      final: " + finalImage + "\n";
  }

  private static StubCall single(List<StubCall> calls, String subcommand) {
    List<StubCall> found = calls.stream().filter(c -> c.subcommand().equals(subcommand)).toList();
    assertEquals(1, found.size(), "calls of 'spack " + subcommand + "': " + calls);
    return found.get(0);
  }

  static String sha256(String s) throws Exception {
    return "sha256=" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** One recorded call of the stub spack (see spack-stub.sh for the record format). */
  record StubCall(int index, List<String> args, String cwd, Map<String, String> env) {
    static final Path LOG = Path.of("opt/spack-environment/.spack-stub-calls");

    static List<StubCall> read(Path rootfs) throws Exception {
      List<StubCall> calls = new ArrayList<>();
      List<String> args = null;
      String cwd = null;
      Map<String, String> env = null;
      for (String line : Files.readAllLines(rootfs.resolve(LOG))) {
        if (line.equals("call")) {
          args = new ArrayList<>();
          env = new java.util.HashMap<>();
          cwd = null;
        } else if (line.startsWith("arg [")) {
          args.add(line.substring(5, line.length() - 1));
        } else if (line.startsWith("cwd [")) {
          cwd = line.substring(5, line.length() - 1);
        } else if (line.startsWith("SPACKMON_")) {
          String[] kv = line.split(" ", 2);
          env.put(kv[0], kv[1]);
        } else if (line.equals("end")) {
          calls.add(new StubCall(calls.size(), List.copyOf(args), cwd, Map.copyOf(env)));
        }
      }
      return calls;
    }

    /** The first word after spack's global options ({@code -e ENV}, {@code -d}, ...). */
    String subcommand() {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("-e") || a.equals("-D") || a.equals("-C")) {
          i++;
        } else if (!a.startsWith("-")) {
          return a;
        }
      }
      return "";
    }

    String valueAfter(String option) {
      int i = args.indexOf(option);
      return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** The calls of one RUN step see the same exported credentials. */
    boolean sameRunAs(StubCall other) {
      return env.equals(other.env) && !"unset".equals(env.get("SPACKMON_TOKEN"));
    }
  }
}
