package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Reporter;

class LayerWriterTest {
  private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");
  private static final String LONG = "a".repeat(60) + "/" + "b".repeat(70) + "/linux-ubuntu22.04-x86_64_v3-gcc-12.3.0-"
      + "neuron-9.0.0-abcdefghijklmnopqrstuvwxyz012345";

  @TempDir Path tmp;
  Path src;
  Path work;

  @BeforeEach
  void tree() throws IOException {
    src = Files.createDirectories(tmp.resolve("src"));
    work = Files.createDirectories(tmp.resolve("work"));
    Path store = Files.createDirectories(src.resolve("store/pkg/bin"));
    Files.writeString(store.resolve("tool"), "#!/bin/sh\necho tool\n");
    Files.setPosixFilePermissions(store.resolve("tool"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createLink(store.resolve("tool-hard"), store.resolve("tool"));
    Files.writeString(src.resolve("store/pkg/secret.conf"), "x");
    Files.setPosixFilePermissions(src.resolve("store/pkg/secret.conf"), PosixFilePermissions.fromString("rw-------"));
    Path view = Files.createDirectories(src.resolve("view/bin"));
    Files.createSymbolicLink(view.resolve("tool"), Path.of("/opt/spack/store/pkg/bin/tool"));
    Files.createSymbolicLink(view.resolve("relative"), Path.of("../../store/pkg/bin/tool"));
    Files.createSymbolicLink(view.resolve("dangling"), Path.of("/nowhere/at/all"));
    Path deep = Files.createDirectories(src.resolve("store").resolve(LONG));
    Files.writeString(deep.resolve("file-with-a-long-path.txt"), "long");
    Files.createSymbolicLink(view.resolve("long-link"), deep.resolve("file-with-a-long-path.txt"));
    Files.writeString(src.resolve("view/ünïcödé.txt"), "u");
  }

  private LayerBlob write(LayerSpec spec, Ownership owner) {
    return new LayerWriter(owner, T, 6, Reporter.SILENT).write(spec, work);
  }

  private static LayerSpec spec(Path source, String destination) {
    return new LayerSpec(source, destination, Optional.empty());
  }

  static Map<String, TarArchiveEntry> entries(Path layer) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(layer));
        TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(e.getName(), e);
      }
    }
    return entries;
  }

  @Test
  void keepsSymlinksHardLinksModesAndSetsOwnerAndTime() throws IOException {
    LayerBlob blob = write(spec(src, "/opt/spack"), Ownership.ROOT);
    Map<String, TarArchiveEntry> e = entries(blob.file());

    TarArchiveEntry link = e.get("opt/spack/view/bin/tool");
    assertTrue(link.isSymbolicLink(), "symlink kept as a link");
    assertEquals("/opt/spack/store/pkg/bin/tool", link.getLinkName());
    assertEquals("../../store/pkg/bin/tool", e.get("opt/spack/view/bin/relative").getLinkName());
    assertEquals("/nowhere/at/all", e.get("opt/spack/view/bin/dangling").getLinkName(), "dangling links are kept too");
    assertTrue(e.get("opt/spack/view/bin/long-link").getLinkName().endsWith("file-with-a-long-path.txt"));

    TarArchiveEntry tool = e.get("opt/spack/store/pkg/bin/tool");
    assertEquals(0750, tool.getMode() & 07777);
    assertEquals(20, tool.getSize());
    TarArchiveEntry hard = e.get("opt/spack/store/pkg/bin/tool-hard");
    assertTrue(hard.isLink(), "second name of a hard-linked file is a hard-link entry");
    assertEquals("opt/spack/store/pkg/bin/tool", hard.getLinkName());
    assertEquals(0600, e.get("opt/spack/store/pkg/secret.conf").getMode() & 07777);
    assertTrue(e.containsKey("opt/spack/store/" + LONG + "/file-with-a-long-path.txt"), "long names survive");
    assertTrue(e.containsKey("opt/spack/view/ünïcödé.txt"), "non-ASCII names survive");
    assertTrue(e.get("opt/spack/").isDirectory(), "the destination itself is a directory entry");
    assertFalse(e.containsKey("opt/"), "parents outside the layer are not written (they would override the base's)");

    for (TarArchiveEntry entry : e.values()) {
      assertEquals(0, entry.getLongUserId(), entry.getName());
      assertEquals(0, entry.getLongGroupId(), entry.getName());
      assertEquals("", entry.getUserName(), entry.getName());
      assertEquals("", entry.getGroupName(), entry.getName());
      assertEquals(T, entry.getLastModifiedTime().toInstant(), entry.getName());
    }
    assertEquals(e.size(), blob.entries());
  }

  @Test
  void entriesAreSortedByName() throws IOException {
    List<String> names = new ArrayList<>(entries(write(spec(src.resolve("view"), "/v"), Ownership.ROOT).file()).keySet());
    assertEquals(List.of("v/", "v/bin/", "v/bin/dangling", "v/bin/long-link", "v/bin/relative", "v/bin/tool",
        "v/ünïcödé.txt"), names);
  }

  @Test
  void sameTreeGivesSameBytesWhateverTheSourceTimesAndTheClock() throws Exception {
    LayerBlob first = write(spec(src, "/opt/spack"), Ownership.ROOT);
    byte[] firstBytes = Files.readAllBytes(first.file());
    Files.delete(first.file());
    // Different source mtimes, a later clock (commons-compress stamps some headers with "now" unless told).
    try (var walk = Files.walk(src)) {
      for (Path p : walk.toList()) {
        if (!Files.isSymbolicLink(p)) {
          Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        }
      }
    }
    Thread.sleep(1100);
    LayerBlob second = write(spec(src, "/opt/spack"), Ownership.ROOT);
    assertEquals(first.digest(), second.digest());
    assertEquals(first.diffId(), second.diffId());
    assertTrue(java.util.Arrays.equals(firstBytes, Files.readAllBytes(second.file())));
  }

  @Test
  void contentChangeChangesDigest() throws IOException {
    LayerBlob first = write(spec(src, "/x"), Ownership.ROOT);
    Files.writeString(src.resolve("store/pkg/secret.conf"), "y");
    assertNotEquals(first.digest(), write(spec(src, "/x"), Ownership.ROOT).digest());
  }

  @Test
  void modeOverrideAppliesToRegularFilesOnly() throws IOException {
    Map<String, TarArchiveEntry> e = entries(write(new LayerSpec(src, "/x", Optional.of(0644)), Ownership.ROOT).file());
    assertEquals(0644, e.get("x/store/pkg/bin/tool").getMode() & 07777);
    assertEquals(0644, e.get("x/store/pkg/secret.conf").getMode() & 07777);
    assertEquals(0755, e.get("x/store/pkg/bin/").getMode() & 07777, "directories keep their mode");
    assertTrue(e.get("x/view/bin/tool").isSymbolicLink());
  }

  @Test
  void ownershipIsConfigurable() throws IOException {
    Map<String, TarArchiveEntry> e = entries(write(spec(src, "/x"), Ownership.parse("1000:2000", "--owner")).file());
    assertEquals(1000, e.get("x/store/pkg/bin/tool").getLongUserId());
    assertEquals(2000, e.get("x/store/pkg/bin/tool").getLongGroupId());
    Map<String, TarArchiveEntry> kept = entries(write(spec(src, "/x"), Ownership.KEEP).file());
    int uid = (Integer) Files.getAttribute(src.resolve("store/pkg/bin/tool"), "unix:uid");
    assertEquals(uid, kept.get("x/store/pkg/bin/tool").getLongUserId());
  }

  @Test
  void singleFileAndSymlinkedSourceAreFollowedAtTheTopOnly() throws IOException {
    Map<String, TarArchiveEntry> file = entries(write(spec(src.resolve("store/pkg/bin/tool"), "/usr/bin/t"), Ownership.ROOT).file());
    assertEquals(List.of("usr/bin/t"), List.copyOf(file.keySet()));
    Map<String, TarArchiveEntry> into = entries(write(spec(src.resolve("store/pkg/bin/tool"), "/usr/bin/"), Ownership.ROOT).file());
    assertEquals(List.of("usr/bin/tool"), List.copyOf(into.keySet()), "DST/ puts a file into the folder");
    Map<String, TarArchiveEntry> slashDir = entries(write(spec(src.resolve("view"), "/opt/v/"), Ownership.ROOT).file());
    assertTrue(slashDir.containsKey("opt/v/bin/tool"), "a folder's contents go below DST with or without /");
    Path viewLink = Files.createSymbolicLink(tmp.resolve("view-link"), src.resolve("view"));
    Map<String, TarArchiveEntry> dir = entries(write(spec(viewLink, "/opt/view"), Ownership.ROOT).file());
    assertTrue(dir.get("opt/view/").isDirectory(), "a symlinked source folder is taken as the folder");
    assertTrue(dir.get("opt/view/bin/tool").isSymbolicLink(), "links below it stay links");
  }

  @Test
  void rootDestinationPutsChildrenAtTheTop() throws IOException {
    Map<String, TarArchiveEntry> e = entries(write(spec(src.resolve("view"), "/"), Ownership.ROOT).file());
    assertTrue(e.containsKey("bin/"));
    assertFalse(e.keySet().stream().anyMatch(n -> n.startsWith("/") || n.isEmpty()));
  }

  @Test
  void specialFilesAreSkippedWithAWarning() throws Exception {
    Process p = new ProcessBuilder("mkfifo", src.resolve("view/fifo").toString()).start();
    assertEquals(0, p.waitFor());
    List<String> warnings = new ArrayList<>();
    Reporter r = new Reporter() {
      @Override
      public void warning(String where, String message) {
        warnings.add(message);
      }
    };
    LayerBlob blob = new LayerWriter(Ownership.ROOT, T, 6, r).write(spec(src.resolve("view"), "/v"), work);
    assertFalse(entries(blob.file()).containsKey("v/fifo"));
    assertEquals(1, warnings.size());
  }

  @Test
  void missingSourceIsBadInput() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> write(spec(tmp.resolve("nope"), "/x"), Ownership.ROOT));
    assertTrue(e.problems().get(0).message().contains("does not exist"));
  }
}
