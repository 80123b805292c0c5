package spacktainers.spack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpackFactsTest {
  @Test
  void versionsAreReadFromTagsAndBranches() {
    assertEquals(Optional.of(new SpackVersion(0, 18, 1)), SpackVersion.parse("v0.18.1"));
    assertEquals(Optional.of(new SpackVersion(0, 18, 1)), SpackVersion.parse("0.18.1"));
    assertEquals(Optional.of(new SpackVersion(0, 18, -1)), SpackVersion.parse("releases/v0.18"));
    assertEquals(Optional.of(new SpackVersion(1, 0, 4)), SpackVersion.parse("v1.0.4"));
    for (String ref : List.of("develop", "latest", "45ac6e30a0d9a1a37f1b1b0b0b0b0b0b0b0b0b0b", "v0.18.1-rc", "my-branch")) {
      assertEquals(Optional.empty(), SpackVersion.parse(ref), ref);
    }
    assertEquals("releases/v0.18", new SpackVersion(0, 18, -1).gitRef());
    assertEquals("v0.18.1", SpackVersion.V0_18_1.gitRef());
  }

  @Test
  void monitorExistsOnlyIn017And018() {
    assertEquals(SpackDialect.V0_17, SpackDialect.of(SpackVersion.parse("v0.17.3")));
    assertEquals(SpackDialect.V0_18, SpackDialect.of(SpackVersion.parse("v0.18.0")));
    assertEquals(SpackDialect.MODERN, SpackDialect.of(SpackVersion.parse("v0.19.0")));
    assertEquals(SpackDialect.MODERN, SpackDialect.of(Optional.empty()));
    assertTrue(SpackDialect.V0_17.supportsMonitor(SpackVersion.parse("0.17.0")));
    assertFalse(SpackDialect.V0_17.supportsMonitor(SpackVersion.parse("0.16.3")), "0.16 had no monitor");
    assertTrue(SpackDialect.V0_18.supportsMonitor(SpackVersion.parse("0.18.1")));
    assertFalse(SpackDialect.MODERN.supportsMonitor(SpackVersion.parse("0.19.0")));
    assertTrue(SpackDialect.V0_17.supportsMonitorWithoutAuth());
    assertFalse(SpackDialect.V0_18.supportsMonitorWithoutAuth());
    assertFalse(SpackDialect.V0_17.runsOnPython("3.12"));
    assertTrue(SpackDialect.V0_17.runsOnPython("3.11"));
    assertTrue(SpackDialect.V0_18.runsOnPython("3.13"));
  }

  @Test
  void catalogueCoversSpacksOsFamilies() {
    OsImageCatalog c = OsImageCatalog.bundled();
    for (String key : List.of("ubuntu:22.04", "ubuntu:20.04", "ubuntu:18.04", "rockylinux:9", "almalinux:8",
        "fedora:40", "centos:stream", "centos:7", "opensuse/leap:15", "amazonlinux:2", "alpine:3",
        "nvidia/cuda:11.2.1")) {
      assertTrue(c.get(key).isPresent(), key);
    }
    assertEquals(List.of("apt", "yum", "yum_amazon", "dnf", "dnf_epel", "zypper", "apk"), c.managerNames());
    assertEquals("rm -rf /var/cache/apk/*", c.manager("apk").orElseThrow().clean(),
        "apk update leaves its index in /var/cache/apk");
    OsImage jammy = c.get("ubuntu:22.04").orElseThrow();
    assertEquals(Optional.of("spack/ubuntu-jammy:v0.18.1"), jammy.spackImage().orElseThrow().forRelease(SpackVersion.V0_18_1));
    assertEquals(Optional.empty(), jammy.spackImage().orElseThrow().forRelease(SpackVersion.V0_17_3),
        "no jammy image was published for 0.17");
    OsImage cuda = c.get("nvidia/cuda:11.2.1").orElseThrow();
    assertTrue(cuda.spackImage().isEmpty());
    assertTrue(cuda.bootstrapBase().contains("devel") && cuda.finalImage().contains("base"));
    for (OsImage os : c.all()) {
      assertFalse(os.manager().bootstrapPackages().isEmpty(), os.key());
      assertTrue(SpackVersion.parse(os.python()).isPresent(), os.key());
    }
  }
}
