package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;

/**
 * {@code --monitor-check} against a real HTTP server on 127.0.0.1 that answers the service-info
 * endpoint the way spack-monitor does (200, 301, 302 with or without Location, 404, 503), and
 * against a closed port.
 */
class ContainerizeMonitorCheckTest {
  @TempDir Path dir;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Files.writeString(dir.resolve("spack.yaml"), "spack:\n  specs: [zlib]\n");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** path -> status, Location (empty for none). */
  private void answer(Map<String, Object[]> routes) {
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(exchange.getRequestMethod() + " " + path);
      Object[] r = routes.getOrDefault(path, new Object[] {404, ""});
      int status = (Integer) r[0];
      if (!((String) r[1]).isEmpty()) {
        exchange.getResponseHeaders().add("Location", (String) r[1]);
      }
      byte[] body = status == 200 ? "{\"id\": \"spackmon\", \"status\": \"running\", \"version\": \"1.0.0\"}"
          .getBytes(StandardCharsets.UTF_8) : new byte[0];
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  private String host() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private Cli.Result run(String... extra) {
    String[] base = {"containerize", "--monitor", "--monitor-check", "--monitor-host", host(), "-o", "Dockerfile"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.in(dir).run(args);
  }

  @Test
  void runningServerKeepsThePrefix() throws IOException {
    answer(Map.of("/ms1/", new Object[] {200, ""}));
    Cli.Result r = run();
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(List.of("GET /ms1/"), requests);
    assertTrue(Files.readString(dir.resolve("Dockerfile")).contains("--monitor-prefix ms1 --monitor-host " + host()));
  }

  @Test
  void permanentMoveIsWrittenIntoTheRecipe() throws IOException {
    answer(Map.of("/ms1/", new Object[] {302, "/ms2/"}, "/ms2/", new Object[] {200, ""}));
    Cli.Result r = run();
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(List.of("GET /ms1/", "GET /ms2/"), requests);
    assertTrue(r.err().contains("note: the Spack Monitor API moved to " + host() + "/ms2/"), r.toString());
    assertTrue(Files.readString(dir.resolve("Dockerfile")).contains("--monitor-prefix ms2 "), r.toString());
  }

  @Test
  void oneOffRedirectIsFollowedButNotAdopted() throws IOException {
    answer(Map.of("/ms1/", new Object[] {301, host() + "/elsewhere/"}, "/elsewhere/", new Object[] {200, ""}));
    Cli.Result r = run();
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(List.of("GET /ms1/", "GET /elsewhere/"), requests);
    assertTrue(Files.readString(dir.resolve("Dockerfile")).contains("--monitor-prefix ms1 "), r.toString());
  }

  @Test
  void redirectWithoutLocationFails() {
    answer(Map.of("/ms1/", new Object[] {302, ""}));
    assertFailed(run(), "without a Location header");
  }

  @Test
  void notAMonitorFails() {
    answer(Map.of());
    assertFailed(run(), "no Spack Monitor API here (HTTP 404)");
  }

  @Test
  void unavailableServiceFails() {
    answer(Map.of("/ms1/", new Object[] {503, ""}));
    assertFailed(run(), "not available (HTTP 503)");
  }

  @Test
  void refusedConnectionFails() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli.Result r = Cli.in(dir).run("containerize", "--monitor", "--monitor-check", "--monitor-host",
        "http://127.0.0.1:" + port, "-o", "Dockerfile");
    assertFailed(r, "connection refused");
  }

  private void assertFailed(Cli.Result r, String text) {
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().isEmpty(), r.toString());
    assertTrue(r.err().startsWith("error: http://127.0.0.1:"), r.toString());
    assertTrue(r.err().contains(text), r.toString());
    assertFalse(r.err().contains("\tat "), r.toString());
    assertFalse(r.err().contains("note:"), "no notes from a failed run: " + r);
    assertFalse(Files.exists(dir.resolve("Dockerfile")), "nothing written on error");
  }
}
