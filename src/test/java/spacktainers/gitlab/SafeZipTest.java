package spacktainers.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.common.OperationFailedException;

class SafeZipTest {
  @TempDir Path tmp;

  private Path write(TestZips zips) throws IOException {
    Path zip = tmp.resolve("a.zip");
    Files.write(zip, zips.bytes());
    return zip;
  }

  private String fail(Path zip, ZipLimits limits) {
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> SafeZip.extract(zip, "a.zip", tmp.resolve("out"), limits));
    assertFalse(Files.exists(tmp.resolve("out"), LinkOption.NOFOLLOW_LINKS), "nothing may be left behind");
    return e.problems().get(0).line();
  }

  @Test
  void extractsFilesFoldersLinksAndExecutableBits() throws IOException {
    Path zip = write(TestZips.builder()
        .dir("spack.artifacts.amd64")
        .file("spack.artifacts.amd64/spack_pipeline.yaml", "stages: [a]\n")
        .executable("bin/run.sh", "#!/bin/sh\n")
        .symlink("lib/libfoo.so", "libfoo.so.1")
        .file("lib/libfoo.so.1", "ELF")
        .symlink("latest", "spack.artifacts.amd64"));
    SafeZip.Summary s = SafeZip.extract(zip, "a.zip", tmp.resolve("out"), ZipLimits.DEFAULT);
    Path out = tmp.resolve("out");
    assertEquals(6, s.entries());
    assertEquals("stages: [a]\n", Files.readString(out.resolve("spack.artifacts.amd64/spack_pipeline.yaml")));
    assertTrue(Files.isExecutable(out.resolve("bin/run.sh")));
    assertFalse(Files.isExecutable(out.resolve("lib/libfoo.so.1")));
    assertEquals("libfoo.so.1", Files.readSymbolicLink(out.resolve("lib/libfoo.so")).toString());
    assertEquals("ELF", Files.readString(out.resolve("lib/libfoo.so")));
    assertEquals("stages: [a]\n", Files.readString(out.resolve("latest/spack_pipeline.yaml")));
  }

  @Test
  void refusesZipSlipPaths() throws IOException {
    assertTrue(fail(write(TestZips.builder().file("ok.txt", "x").file("../../etc/cron.d/evil", "x")),
        ZipLimits.DEFAULT).contains("climbs out of the extraction folder"));
    assertTrue(fail(write(TestZips.builder().file("a/../../evil", "x")), ZipLimits.DEFAULT)
        .contains("unsafe archive"));
    assertTrue(fail(write(TestZips.builder().file("/etc/passwd", "x")), ZipLimits.DEFAULT)
        .contains("absolute path"));
    assertFalse(Files.exists(tmp.getParent().resolve("etc")));
  }

  @Test
  void refusesLinksThatEscape() throws IOException {
    assertTrue(fail(write(TestZips.builder().symlink("up", "../outside")), ZipLimits.DEFAULT)
        .contains("points outside the extraction folder"));
    assertTrue(fail(write(TestZips.builder().symlink("abs", "/etc/passwd")), ZipLimits.DEFAULT)
        .contains("points outside"));
    // Textually inside, but 'here' is the root itself, so 'here/..' is the root's parent.
    assertTrue(fail(write(TestZips.builder().symlink("here", ".").symlink("b", "here/../x")), ZipLimits.DEFAULT)
        .contains("'b' -> 'here/../x' points outside"));
  }

  @Test
  void refusesEntriesWrittenThroughALink() throws IOException {
    String msg = fail(write(TestZips.builder().symlink("d", "sub").dir("sub").file("d/evil", "x")),
        ZipLimits.DEFAULT);
    assertTrue(msg.contains("lies below the symbolic link 'd'"), msg);
  }

  @Test
  void refusesZipBombsBySizeAndByEntryCount() throws IOException {
    Path bomb = write(TestZips.builder().zeros("zeros.bin", 20L << 20));
    assertTrue(Files.size(bomb) < 100_000, "20 MiB of zeros deflate to a small archive");
    String msg = fail(bomb, new ZipLimits(1L << 20, 100));
    assertTrue(msg.contains("archive too large to extract safely"), msg);

    TestZips many = TestZips.builder();
    for (int i = 0; i < 50; i++) {
      many.file("f" + i, "x");
    }
    msg = fail(write(many), new ZipLimits(1L << 20, 10));
    assertTrue(msg.contains("has 50 entries, more than the limit of 10"), msg);
  }

  @Test
  void countsInflatedBytesWhenTheArchiveLiesAboutItsSizes() throws IOException {
    byte[] zip = TestZips.builder().zeros("small.txt", 8L << 20).bytes();
    // Patch the central directory: declare 100 bytes uncompressed instead of 8 MiB.
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int patched = 0;
    for (int i = 0; i + 46 <= zip.length; i++) {
      if (b.getInt(i) == 0x02014b50) {
        b.putInt(i + 24, 100);
        patched++;
      }
    }
    assertEquals(1, patched);
    Path lying = tmp.resolve("lying.zip");
    Files.write(lying, zip);
    String msg = fail(lying, new ZipLimits(1L << 20, 100));
    assertTrue(msg.contains("expands to more than 1048576 bytes (entry 'small.txt')"), msg);
  }

  @Test
  void verifyDetectsCorruptionAndNonZipBodies() throws IOException {
    byte[] good = TestZips.builder().file("a.txt", "hello hello hello hello").bytes();
    Path zip = tmp.resolve("c.zip");
    Files.write(zip, good);
    assertEquals(1, SafeZip.verify(zip, "c.zip", ZipLimits.DEFAULT).entries());

    byte[] html = "<!DOCTYPE html><html><head><title>Sign in · GitLab</title>".getBytes(StandardCharsets.UTF_8);
    Files.write(zip, html);
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> SafeZip.verify(zip, "c.zip", ZipLimits.DEFAULT));
    assertEquals("c.zip: is not a zip archive (it starts with '<!DOCTYPE html><html><head><title>Sign in ?? Git...')",
        e.problems().get(0).line());

    Files.write(zip, new byte[0]);
    assertTrue(assertThrows(OperationFailedException.class, () -> SafeZip.verify(zip, "c.zip", ZipLimits.DEFAULT))
        .getMessage().contains("it is empty"));

    // Flip a byte inside the compressed data: inflating fails or the CRC no longer matches.
    long dataAt;
    Files.write(zip, good);
    try (org.apache.commons.compress.archivers.zip.ZipFile zf =
             org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(zip).get()) {
      dataAt = zf.getEntry("a.txt").getDataOffset();
    }
    byte[] corrupt = good.clone();
    corrupt[(int) dataAt + 2] ^= 0x55;
    Files.write(zip, corrupt);
    assertThrows(OperationFailedException.class, () -> SafeZip.verify(zip, "c.zip", ZipLimits.DEFAULT));
  }

  @Test
  void resolvesLinkTargetsLikeTheKernel() {
    Map<String, String> links = Map.of("here", ".", "deep", "a/b", "loop", "loop2", "loop2", "loop");
    assertTrue(SafeZip.staysInside("", "a/b/../c", links));
    assertTrue(SafeZip.staysInside("a/b", "../../c", links));
    assertFalse(SafeZip.staysInside("a/b", "../../../c", links));
    assertFalse(SafeZip.staysInside("", "here/..", links));
    assertTrue(SafeZip.staysInside("", "deep/..", links));
    assertFalse(SafeZip.staysInside("", "deep/../../..", links));
    assertFalse(SafeZip.staysInside("", "loop/x", links));
    assertFalse(SafeZip.staysInside("", "", links));
  }

  @Test
  void entryCountComesFromTheEndRecordBeforeTheDirectoryIsRead() throws IOException {
    TestZips z = TestZips.builder();
    for (int i = 0; i < 7; i++) {
      z.file("f" + i, "x");
    }
    assertEquals(7, SafeZip.entryCount(write(z), "a.zip"));
  }
}
