package spacktainers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (distribution 2.8) serving its own
 * configuration on a free port of 127.0.0.1, storing blobs in a fresh temporary folder, optionally
 * behind htpasswd (bcrypt) authentication.
 *
 * <p>Two ways to use it:
 *
 * <pre>{@code
 * @RegisterExtension static final LocalRegistry registry = LocalRegistry.plain();  // per test class
 * @RegisterExtension static final LocalRegistry secured = LocalRegistry.withAuth("alice", "pw");
 *
 * try (LocalRegistry r = LocalRegistry.plain().start()) { ... }                   // per test
 * }</pre>
 *
 * <p>The registry binary is started directly (no shell in between), so the recorded PID is the
 * registry's own and {@link #close()} really stops it; a JVM shutdown hook stops it as well should a
 * test forget to close it. A missing {@code docker-registry} skips the test loudly, and fails it under
 * {@code CI=true} (see {@link RealComponents}).
 */
public final class LocalRegistry implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
  private static final int PORT_ATTEMPTS = 5;

  private final String user;
  private final String password;

  private Path dir;
  private Process process;
  private Thread shutdownHook;
  private int port;

  private LocalRegistry(String user, String password) {
    this.user = user;
    this.password = password;
  }

  /** An anonymous registry (pull and push need no credentials). Not started yet. */
  public static LocalRegistry plain() {
    return new LocalRegistry(null, null);
  }

  /** A registry that answers 401 without these credentials (htpasswd, bcrypt). Not started yet. */
  public static LocalRegistry withAuth(String user, String password) {
    if (user == null || user.isEmpty() || user.contains(":") || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("user must be non-empty without ':' and password non-empty");
    }
    return new LocalRegistry(user, password);
  }

  /** Starts the registry and waits until {@code /v2/} answers; returns {@code this}. */
  public synchronized LocalRegistry start() {
    if (process != null) {
      return this;
    }
    Path binary = RealComponents.requireExecutable("docker-registry");
    Path htpasswdTool = user == null ? null : RealComponents.requireExecutable("htpasswd");
    try {
      dir = Files.createTempDirectory("spacktainers-registry-");
      Files.createDirectories(dir.resolve("data"));
      if (htpasswdTool != null) {
        writeHtpasswd(htpasswdTool);
      }
      IOException last = null;
      for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
        port = freePort();
        Files.writeString(dir.resolve("config.yml"), config(port));
        Files.deleteIfExists(log());
        process = new ProcessBuilder(binary.toString(), "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(log().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
        shutdownHook = new Thread(this::stopProcess, "stop docker-registry " + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
          awaitReady();
          return this;
        } catch (IOException e) {
          last = e;
          stopProcess();
          // Another process may have taken the port between probing and binding; try a new one.
          if (!logText().contains("address already in use")) {
            break;
          }
        }
      }
      throw new IllegalStateException("docker-registry did not start: " + last.getMessage()
          + "\n--- registry log ---\n" + logText());
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start docker-registry", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** {@code 127.0.0.1:<port>}, the registry part of an image reference. */
  public String hostPort() {
    requireStarted();
    return "127.0.0.1:" + port;
  }

  /** A full image reference in this registry, e.g. {@code image("base/busybox:1")}. */
  public String image(String repositoryAndTag) {
    return hostPort() + "/" + repositoryAndTag;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI url() {
    return URI.create("http://" + hostPort());
  }

  public int port() {
    requireStarted();
    return port;
  }

  /** PID of the registry process itself (not of a wrapper shell). */
  public long pid() {
    requireStarted();
    return process.pid();
  }

  /** Where the registry keeps its blobs and manifests. */
  public Path dataDir() {
    requireStarted();
    return dir.resolve("data");
  }

  public boolean requiresAuth() {
    return user != null;
  }

  /** {@code user:password} as skopeo's {@code --creds}/{@code --dest-creds} take it; empty if anonymous. */
  public Optional<String> credentials() {
    return user == null ? Optional.empty() : Optional.of(user + ":" + password);
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /**
   * HTTP GET of a registry API path (e.g. {@code /v2/_catalog}) with this registry's credentials;
   * returns the status and body. For assertions about what really landed in the registry.
   */
  public Response get(String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) url().resolve(path).toURL().openConnection();
      c.setConnectTimeout(5_000);
      c.setReadTimeout(10_000);
      c.setRequestProperty("Accept", String.join(", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/json"));
      credentials().ifPresent(cred -> c.setRequestProperty("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(cred.getBytes(StandardCharsets.UTF_8))));
      int status = c.getResponseCode();
      var in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Response(status, body);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " on " + url(), e);
    }
  }

  /** Status and body of a registry API call. */
  public record Response(int status, String body) {}

  /** The registry's own log so far (useful in assertion messages). */
  public String logText() {
    try {
      return dir != null && Files.exists(log()) ? Files.readString(log()) : "";
    } catch (IOException e) {
      return "(cannot read registry log: " + e.getMessage() + ")";
    }
  }

  @Override
  public synchronized void close() {
    stopProcess();
    if (dir != null) {
      deleteRecursively(dir);
      dir = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private synchronized void stopProcess() {
    Process p = process;
    if (p == null) {
      return;
    }
    process = null;
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook is running or about to
      }
    }
    shutdownHook = null;
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    URI v2 = URI.create("http://127.0.0.1:" + port + "/v2/");
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited with status " + process.exitValue());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) v2.toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2_000);
        int status = c.getResponseCode();
        c.disconnect();
        // 401 is the ready answer of a registry that requires credentials.
        if (status == 200 || (status == 401 && user != null)) {
          return;
        }
        throw new IOException("unexpected status " + status + " from " + v2);
      } catch (java.net.ConnectException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("no answer from " + v2 + " within " + READY_TIMEOUT.toSeconds() + " s");
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the registry", e);
        }
      }
    }
  }

  private String config(int port) {
    List<String> lines = new ArrayList<>(List.of(
        "version: 0.1",
        "log:",
        "  level: warn",
        "  accesslog: {disabled: true}",
        "storage:",
        "  filesystem: {rootdirectory: '" + dir.resolve("data") + "'}",
        "  delete: {enabled: true}",
        "http:",
        "  addr: 127.0.0.1:" + port,
        // A fixed secret silences the "no HTTP secret" warning; single instance, so any value does.
        "  secret: " + UUID.randomUUID()));
    if (user != null) {
      lines.addAll(List.of(
          "auth:",
          "  htpasswd:",
          "    realm: spacktainers-test",
          "    path: '" + dir.resolve("htpasswd") + "'"));
    }
    return String.join("\n", lines) + "\n";
  }

  /** bcrypt is the only hash docker-registry accepts; the password goes through stdin, not argv. */
  private void writeHtpasswd(Path tool) throws IOException {
    Process p = new ProcessBuilder(tool.toString(), "-Bni", user).redirectErrorStream(true).start();
    p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0 || !out.startsWith(user + ":$2")) {
        throw new IOException("htpasswd -Bni failed: " + out.lines().findFirst().orElse(""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    Files.writeString(dir.resolve("htpasswd"), out.strip() + "\n");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Path log() {
    return dir.resolve("registry.log");
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException("the registry is not running; call start() or register it as an extension");
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
