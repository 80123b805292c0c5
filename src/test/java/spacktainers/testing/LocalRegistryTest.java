package spacktainers.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shared test harness itself: a real registry that starts, serves, authenticates and stops. */
class LocalRegistryTest {
  @RegisterExtension static final LocalRegistry registry = LocalRegistry.plain();

  @Test
  void servesTheV2ApiOnLoopbackAndAcceptsAPushedImage(@TempDir Path tmp) throws Exception {
    assertEquals(200, registry.get("/v2/").status());
    assertTrue(registry.hostPort().startsWith("127.0.0.1:"));

    Path stub = tmp.resolve("hello");
    Files.writeString(stub, "#!/bin/sh\necho hello\n");
    stub.toFile().setExecutable(true);
    String ref = TestImages.busybox().add(stub, "/usr/local/bin/hello").pushTo(registry, "base/busybox:1");

    assertEquals(registry.hostPort() + "/base/busybox:1", ref);
    assertTrue(registry.get("/v2/_catalog").body().contains("\"base/busybox\""), registry.logText());
    LocalRegistry.Response manifest = registry.get("/v2/base/busybox/manifests/1");
    assertEquals(200, manifest.status());
    assertTrue(manifest.body().contains("\"layers\""), manifest.body());

    // Same inputs, same image: tests may compare digests of images they build.
    TestImages.busybox().add(stub, "/usr/local/bin/hello").pushTo(registry, "base/busybox:again");
    assertEquals(manifest.body(), registry.get("/v2/base/busybox/manifests/again").body());
  }

  @Test
  void authVariantRejectsAnonymousAndStopsItsRealProcessOnClose(@TempDir Path tmp) throws Exception {
    long pid;
    Path data;
    try (LocalRegistry secured = LocalRegistry.withAuth("alice", "pa$$ 'word\"").start()) {
      pid = secured.pid();
      data = secured.dataDir();
      assertTrue(ProcessHandle.of(pid).orElseThrow().info().command().orElse("").endsWith("docker-registry"));
      assertEquals(200, secured.get("/v2/").status(), secured.logText());
      var anonymous = (java.net.HttpURLConnection) secured.url().resolve("/v2/").toURL().openConnection();
      assertEquals(401, anonymous.getResponseCode());
      TestImages.busybox().pushTo(secured, "base/busybox:auth");
      assertEquals(200, secured.get("/v2/base/busybox/manifests/auth").status());
    }
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      handle.get().onExit().get(5, TimeUnit.SECONDS);
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "registry still running");
    assertFalse(Files.exists(data), "data folder not removed");
  }
}
