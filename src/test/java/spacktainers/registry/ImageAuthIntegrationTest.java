package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spacktainers.registry.ImageTestSupport.JSON;
import static spacktainers.registry.ImageTestSupport.skopeo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;
import spacktainers.testing.LocalRegistry;
import spacktainers.testing.PulledImage;
import spacktainers.testing.TestImages;

/** The image commands against a registry behind htpasswd authentication, and what never leaks. */
class ImageAuthIntegrationTest {
  static final String USER = "ci-user-6b1f0e";
  static final String PASSWORD = "pw-SECRET-91c2e7d4";
  @RegisterExtension static final LocalRegistry registry = LocalRegistry.withAuth(USER, PASSWORD);
  @TempDir static Path shared;
  static String base;
  static Path tree;

  @TempDir Path tmp;

  @BeforeAll
  static void pushBase() throws Exception {
    base = TestImages.busybox().pushTo(registry, "base/busybox:1");
    tree = ImageTestSupport.spackTree(shared.resolve("tree"));
  }

  private Cli cli() {
    return Cli.in(tmp).env("REG_USER", USER).env("REG_PASSWORD", PASSWORD).env("HOME", tmp.toString());
  }

  private static String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--insecure-registry", registry.hostPort()));
    return all.toArray(String[]::new);
  }

  private static String authEnv() {
    return registry.hostPort() + "=REG_USER:REG_PASSWORD";
  }

  @Test
  void probesAndPushesWithCredentialsFromNamedVariables() throws Exception {
    Cli.Result assemble = cli().run(args("-vv", "image", "assemble", "--from", base, "--auth-env", authEnv(),
        "--layer", tree.resolve("view") + ":/opt/view", "--label", "k=v",
        "--to", "registry://" + registry.image("app/secure:1")));
    assertEquals(0, assemble.exitCode(), assemble.toString());

    Cli.Result probe = cli().run(args("image", "inspect", registry.image("app/secure:1"), "--auth-env", authEnv(), "--json"));
    assertEquals(0, probe.exitCode(), probe.toString());
    assertEquals("v", JSON.readTree(probe.out()).get(0).at("/labels/k").asText());

    Path out = tmp.resolve("secure.tar");
    Cli.Result export = cli().run(args("image", "export", registry.image("app/secure:1"), "--auth-env", authEnv(),
        "-o", out.toString()));
    assertEquals(0, export.exitCode(), export.toString());
    skopeo("inspect", "docker-archive:" + out).ok();

    for (Cli.Result r : List.of(assemble, probe, export)) {
      assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), "password printed:\n" + r);
    }
  }

  @Test
  void siteSettingsNameTheRegistryVariables() throws Exception {
    String settings = Files.readString(spacktainers.testing.Repo.path("spacktainers.yaml"))
        .replace("host: registry.example.org", "host: " + registry.hostPort())
        .replace("user_variable: CI_REGISTRY_USER", "user_variable: REG_USER")
        .replace("password_variable: CI_REGISTRY_PASSWORD", "password_variable: REG_PASSWORD");
    Files.writeString(tmp.resolve("spacktainers.yaml"), settings);
    copyTree(spacktainers.testing.Repo.path("base_images"), tmp.resolve("base_images"));
    Cli.Result r = cli().run(args("image", "inspect", base));
    assertEquals(0, r.exitCode(), r.toString());
    Cli.Result unset = Cli.in(tmp).env("HOME", tmp.toString()).run(args("image", "inspect", base));
    assertEquals(1, unset.exitCode(), "variables unset: anonymous, refused\n" + unset);
    assertTrue(unset.err().contains("no credentials were found"), unset.err());
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void readsDockerConfigJson() throws Exception {
    Path config = Files.createDirectories(tmp.resolve(".docker")).resolve("config.json");
    String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(config, "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}");
    Cli.Result probe = Cli.in(tmp).env("HOME", tmp.toString()).run(args("image", "inspect", base));
    assertEquals(0, probe.exitCode(), probe.toString());
    Cli.Result explicit = Cli.in(tmp).run(args("image", "inspect", base, "--docker-config", config.toString()));
    assertEquals(0, explicit.exitCode(), explicit.toString());
  }

  @Test
  void noCredentialsAndWrongCredentialsFailClearlyWithoutPrintingSecrets() {
    Cli.Result anonymous = Cli.in(tmp).env("HOME", tmp.toString()).run(args("image", "inspect", base));
    assertEquals(1, anonymous.exitCode(), anonymous.toString());
    assertTrue(anonymous.err().contains("requires authentication (HTTP 401) and no credentials were found for "
        + registry.hostPort()), anonymous.err());
    assertTrue(anonymous.err().contains("hint: give --auth-env " + registry.hostPort()), anonymous.err());

    String wrong = "wrong-PASSWORD-0a9f";
    Cli.Result bad = Cli.in(tmp).env("REG_USER", USER).env("REG_PASSWORD", wrong).env("HOME", tmp.toString())
        .run(args("-vv", "image", "assemble", "--from", base, "--auth-env", authEnv(),
            "--to", "tar://" + tmp.resolve("x.tar")));
    assertEquals(1, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("authentication failed (HTTP 401)"), bad.err());
    assertFalse(bad.err().contains(wrong) || bad.out().contains(wrong), bad.toString());
    assertFalse(Files.exists(tmp.resolve("x.tar")));

    Cli.Result unset = Cli.in(tmp).run(args("image", "inspect", base, "--auth-env", authEnv()));
    assertEquals(2, unset.exitCode());
    assertTrue(unset.err().contains("environment variable REG_USER is not set"), unset.err());
  }

  @Test
  void noCredentialEndsUpInAnyLayerConfigOrHistory() throws Exception {
    Path config = Files.createDirectories(tmp.resolve("dockercfg")).resolve("config.json");
    String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(config, "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}");
    // the work folder sits next to the credentials, as in a CI job's project folder
    Cli.Result r = cli().env("DOCKER_CONFIG", config.getParent().toString()).run(args("-vv", "image", "assemble",
        "--from", base, "--auth-env", authEnv(), "--layer", tree + ":/opt/spack",
        "--label", "org.opencontainers.image.title=hygiene", "--env", "SPACK_ROOT=/opt/spack",
        "--work-dir", tmp.resolve("work").toString(), "--to", "registry://" + registry.image("app/hygiene:1")));
    assertEquals(0, r.exitCode(), r.toString());
    assertFalse(r.toString().contains(PASSWORD) || r.toString().contains(auth), "a credential was printed");

    try (PulledImage image = PulledImage.pull(registry.image("app/hygiene:1"), USER + ":" + PASSWORD)) {
      assertEquals(2, image.layerDigests().size(), "base layer and ours; every blob is searched below");
      for (String secret : List.of(PASSWORD, auth, "REG_PASSWORD", USER)) {
        assertEquals(List.of(), image.blobsContaining(secret), secret + " found in the image");
      }
      JsonNode cfg = ImageTestSupport.config(image);
      assertFalse(cfg.toString().contains(PASSWORD), "config");
      assertTrue(cfg.get("history").toString().contains("spacktainers image assemble: layer /opt/spack"));
    }
  }
}
