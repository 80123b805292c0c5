package spacktainers.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 front for a real server that misbehaves on purpose: per request it forwards the
 * bytes unchanged (so SigV4 signatures stay valid), or answers 503 SlowDown, or 500 InternalError, or
 * drops the connection without an answer. Responses are piped back unparsed; a fault closes the
 * connection, as a failing load balancer would.
 */
public final class FaultyHttpFront implements AutoCloseable {
  /** What to do with one request. */
  public enum Fault { NONE, SLOW_DOWN, INTERNAL_ERROR, ACCESS_DENIED, DROP }

  /** Decides per request: its number (from 0), method and path with query. */
  @FunctionalInterface
  public interface Policy {
    Fault decide(int n, String method, String target);
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger faults = new AtomicInteger();
  private volatile Policy policy = (n, m, t) -> Fault.NONE;

  public FaultyHttpFront(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "faulty-front");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public java.net.URI endpoint() {
    return java.net.URI.create("http://127.0.0.1:" + port());
  }

  public void policy(Policy p) {
    policy = p;
  }

  public int faults() {
    return faults.get();
  }

  public int requests() {
    return requests.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "faulty-front-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
        long length = header(text, "content-length").map(Long::parseLong).orElse(0L);
        boolean expectContinue = header(text, "expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false);
        Fault f = policy.decide(requests.getAndIncrement(), requestLine[0], requestLine[1]);
        if (f != Fault.NONE) {
          faults.incrementAndGet();
          if (f == Fault.DROP) {
            return;
          }
          if (!expectContinue) {
            in.readNBytes((int) length);
          }
          String[] r = switch (f) {
            case SLOW_DOWN -> new String[] {"503 Slow Down", "SlowDown", "Please reduce your request rate."};
            case ACCESS_DENIED -> new String[] {"403 Forbidden", "AccessDenied", "Access Denied"};
            default -> new String[] {"500 Internal Server Error", "InternalError", "We encountered an internal error."};
          };
          String status = r[0];
          String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + r[1] + "</Code><Message>" + r[2]
              + "</Message></Error>";
          out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: "
              + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          return;
        }
        if (upstream == null) {
          upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
          Socket up = upstream;
          Thread pump = new Thread(() -> pipe(up, client), "faulty-front-pump");
          pump.setDaemon(true);
          pump.start();
        }
        OutputStream up = upstream.getOutputStream();
        up.write(head);
        up.flush();
        long left = length;
        byte[] buf = new byte[65536];
        while (left > 0) {
          int r = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (r < 0) {
            return;
          }
          up.write(buf, 0, r);
          left -= r;
        }
        up.flush();
      }
    } catch (IOException e) {
      // the client or the server went away: this connection is done
    } finally {
      if (upstream != null) {
        try {
          upstream.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // connection closed
    } finally {
      try {
        to.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      b.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
          : c == '\r' ? 1 : 0;
    }
    return b.toByteArray();
  }

  private static java.util.Optional<String> header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return java.util.Optional.of(line.substring(colon + 1).trim());
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
