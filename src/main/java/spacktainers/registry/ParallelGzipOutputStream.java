package spacktainers.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * gzip on all cores: the input is cut into fixed-size chunks, each compressed on a worker into its
 * own gzip member, and the members are written in order. RFC 1952 allows a file of several members,
 * and every layer reader we know accepts it (Go's compress/gzip as used by Docker and containerd,
 * containers/image as used by podman, skopeo, buildah and Apptainer, GNU tar, Java's
 * GZIPInputStream). The chunk boundaries depend only on the byte offset, so the output is the same
 * for any number of threads: reproducible.
 */
final class ParallelGzipOutputStream extends OutputStream {
  static final int CHUNK = 4 << 20;

  private final OutputStream out;
  private final int level;
  private final ExecutorService pool;
  private final int maxPending;
  private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
  private byte[] chunk = new byte[CHUNK];
  private int filled;
  private boolean anyMember;
  private boolean closed;

  ParallelGzipOutputStream(OutputStream out, int level, int threads) {
    this.out = out;
    this.level = level;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "spacktainers-gzip");
      t.setDaemon(true);
      return t;
    });
    this.maxPending = threads * 2;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == CHUNK) {
        submit();
      }
    }
  }

  private void submit() throws IOException {
    byte[] data = chunk;
    int length = filled;
    chunk = new byte[CHUNK];
    filled = 0;
    anyMember = true;
    pending.add(pool.submit(() -> compress(data, length)));
    while (pending.size() > maxPending) {
      drainOne();
    }
  }

  private byte[] compress(byte[] data, int length) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(length / 2 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(buffer, 1 << 16) {
      {
        def.setLevel(level);
      }
    }) {
      gzip.write(data, 0, length);
    }
    return buffer.toByteArray();
  }

  private void drainOne() throws IOException {
    try {
      out.write(pending.removeFirst().get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (filled > 0 || !anyMember) {
        submit(); // an empty input still needs one (empty) member to be gzip
      }
      while (!pending.isEmpty()) {
        drainOne();
      }
      out.close();
    } finally {
      pool.shutdownNow();
    }
  }
}
