package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {
  private static byte[] gzip(byte[] data, int threads, int writeSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, threads)) {
      for (int off = 0; off < data.length; off += writeSize) {
        gz.write(data, off, Math.min(writeSize, data.length - off));
      }
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] data) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }

  @Test
  void severalMembersDecompressToTheInputAndDoNotDependOnThreadsOrWriteSizes() throws IOException {
    byte[] data = new byte[ParallelGzipOutputStream.CHUNK * 2 + 12345];
    Random r = new Random(1);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (r.nextInt(16) + 'a');
    }
    byte[] one = gzip(data, 1, 8192);
    assertArrayEquals(data, gunzip(one));
    assertArrayEquals(one, gzip(data, 4, 100_003));
  }

  @Test
  void emptyInputIsValidGzip() throws IOException {
    assertArrayEquals(new byte[0], gunzip(gzip(new byte[0], 2, 1)));
  }
}
