package spacktainers.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.DigestException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Reporter;
import spacktainers.common.Version;

/**
 * The one place that talks to registries, through jib-core's registry client (jib's own Docker
 * Registry HTTP API v2 implementation: token and basic auth, HTTPS with an HTTP fail-over only for
 * hosts configured as insecure, digest verification of pulled blobs). One authenticated client is
 * kept per repository and direction, so probing 200 tags of one repository authenticates once.
 *
 * <p>Every failure leaves as an {@link OperationFailedException} whose message names the registry
 * and repository, never a credential.
 */
public final class RegistrySession implements AutoCloseable {
  /** Config blobs are small; a bigger one is not a config and is not read into memory. */
  static final long MAX_CONFIG_BYTES = 8L << 20;

  private final RegistrySettings settings;
  private final RegistryCredentials credentials;
  private final Reporter reporter;
  private final EventHandlers events;
  private final FailoverHttpClient secureHttp;
  private final FailoverHttpClient insecureHttp;
  private final Map<String, FutureTask<RegistryClient>> clients = new ConcurrentHashMap<>();
  private final Map<String, Boolean> tlsChecked = new ConcurrentHashMap<>();
  private final String userAgent = "spacktainers/" + Version.current().full();

  public RegistrySession(RegistrySettings settings, Map<String, String> env, Reporter reporter) {
    JibJson.tolerateUnknownFields();
    this.settings = settings;
    this.reporter = reporter;
    this.events = EventHandlers.builder().add(LogEvent.class, this::log).build();
    this.credentials = new RegistryCredentials(settings, env, this::log);
    this.secureHttp = new FailoverHttpClient(false, false, this::log);
    // Only hosts the user named as insecure get this client; it may fall back to HTTP and then has
    // to send the credential over it, which is what "insecure" was configured to allow.
    this.insecureHttp = new FailoverHttpClient(true, true, this::log);
  }

  public RegistrySettings settings() {
    return settings;
  }

  private void log(LogEvent e) {
    if (e.getLevel() == LogEvent.Level.DEBUG || e.getLevel() == LogEvent.Level.PROGRESS) {
      return;
    }
    reporter.info("registry: " + e.getMessage().replaceAll("\u001B\\[[0-9;]*m", "").strip());
  }

  /** The manifest {@code ref} names, or empty when the repository or the tag does not exist. */
  public Optional<RemoteManifest> manifest(ImageRef ref) {
    RegistryClient client = client(ref, Optional.empty(), false);
    try {
      Optional<ManifestAndDigest<ManifestTemplate>> found = client.checkManifest(ref.qualifier());
      if (found.isEmpty()) {
        return Optional.empty();
      }
      ManifestAndDigest<ManifestTemplate> m = found.get();
      if (m.getManifest().getSchemaVersion() != 2) {
        throw new OperationFailedException(ref.toString(),
            "has a schema-1 manifest, which is deprecated and not supported", "re-push the image with a current tool",
            null);
      }
      byte[] json = JsonTemplateMapper.toByteArray(m.getManifest());
      return Optional.of(RemoteManifest.parse(Json.MAPPER.readTree(json), m.getDigest().toString()));
    } catch (IOException | RegistryException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure(ref, "reading the manifest", e);
    }
  }

  /** Reads a small blob (an image config) into memory. */
  public byte[] smallBlob(ImageRef repo, Descriptor blob) {
    if (blob.size() > MAX_CONFIG_BYTES) {
      throw new OperationFailedException(repo.repositoryName(),
          "config blob " + blob.digest() + " is " + blob.size() + " bytes, more than a config can be");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(blob.size(), 0));
    copyBlob(repo, blob.digest(), out, n -> {});
    return out.toByteArray();
  }

  /** Streams a blob into {@code out}; jib checks the bytes against the digest. */
  public void copyBlob(ImageRef repo, String digest, OutputStream out, LongConsumer progress) {
    try {
      // jib closes the stream it writes a blob to; the caller's stream (a tar entry) must stay open
      remoteBlob(repo, digest, progress).writeTo(new java.io.FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          flush();
        }
      });
    } catch (IOException e) {
      throw failure(repo, "reading blob " + digest, e);
    }
  }

  /** A lazily read blob of a remote repository, for pushing it elsewhere. */
  Blob remoteBlob(ImageRef repo, String digest, LongConsumer progress) {
    return client(repo, Optional.empty(), false).pullBlob(digestOf(digest), size -> {}, progress::accept);
  }

  static Blob localBlob(java.nio.file.Path file) {
    return Blobs.from(file);
  }

  static Blob bytesBlob(byte[] bytes) {
    return Blobs.from(out -> out.write(bytes), true);
  }

  /** True when the repository of {@code target} already has the blob. */
  public boolean hasBlob(ImageRef target, String digest) {
    try {
      return client(target, Optional.empty(), true).checkBlob(digestOf(digest)).isPresent();
    } catch (IOException | RegistryException e) {
      if (isNotFound(e)) {
        return false;
      }
      throw failure(target, "checking blob " + digest, e);
    }
  }

  /**
   * Uploads a blob unless the repository has it; with {@code mountFrom} in the same registry the
   * registry is first asked to link it from there, so base layers are not transferred at all.
   *
   * @return true when the blob was already there or was mounted, false when bytes were sent
   */
  boolean pushBlob(ImageRef target, String digest, Blob blob, Optional<ImageRef> mountFrom, LongConsumer progress) {
    Optional<ImageRef> source = mountFrom.filter(m -> m.registry().equals(target.registry())
        && !m.repository().equals(target.repository()));
    try {
      return client(target, source, true).pushBlob(digestOf(digest), blob,
          source.map(ImageRef::repository).orElse(null), progress::accept);
    } catch (IOException | RegistryException e) {
      throw failure(target, "uploading blob " + digest, e);
    }
  }

  /**
   * Stores a manifest under a tag or its digest and returns the digest; the JSON bytes are sent as
   * they are, so the returned digest is the sha256 of {@code json}.
   */
  String pushManifest(ImageRef target, byte[] json, String mediaType, String qualifier) {
    try {
      DescriptorDigest d = client(target, Optional.empty(), true)
          .pushManifest(new RawManifest(json, mediaType), qualifier);
      return d.toString();
    } catch (IOException | RegistryException e) {
      throw failure(target, "storing the manifest", e);
    }
  }

  private RegistryClient client(ImageRef ref, Optional<ImageRef> mountFrom, boolean push) {
    String key = (push ? "push " : "pull ") + ref.repositoryName() + mountFrom.map(m -> " from " + m.repository()).orElse("");
    // One authentication per repository and direction; other repositories authenticate in parallel,
    // callers for the same one wait for it (and share its failure).
    FutureTask<RegistryClient> task = clients.computeIfAbsent(key,
        k -> new FutureTask<>(() -> authenticate(ref, mountFrom, push)));
    task.run();
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new OperationFailedException(ref.repositoryName(), "connecting: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(ref.repositoryName(), "interrupted while connecting", e);
    }
  }

  private RegistryClient authenticate(ImageRef ref, Optional<ImageRef> mountFrom, boolean push) {
    checkTls(ref);
    FailoverHttpClient http = settings.insecure(ref.registry()) ? insecureHttp : secureHttp;
    Optional<Credential> credential = credentials.lookup(ref);
    RegistryClient.Factory factory = mountFrom.isPresent()
        ? RegistryClient.factory(events, ref.registry(), ref.repository(), mountFrom.get().repository(), http)
        : RegistryClient.factory(events, ref.registry(), ref.repository(), http);
    RegistryClient client = factory.setCredential(credential.orElse(null)).setUserAgent(userAgent).newRegistryClient();
    try {
      boolean bearer = push ? client.doPushBearerAuth() : client.doPullBearerAuth();
      if (!bearer && credential.isPresent()) {
        client.configureBasicAuth();
      }
      return client;
    } catch (IOException | RegistryException e) {
      throw failure(ref, "connecting", e);
    }
  }

  /** Fails fast where jib would retry for a minute: see {@link TlsPreflight}. */
  private void checkTls(ImageRef ref) {
    // behind an HTTPS proxy the direct handshake says nothing; let jib's client use the proxy
    if (settings.insecure(ref.registry()) || System.getProperty("https.proxyHost") != null
        || tlsChecked.containsKey(ref.registry())) {
      return;
    }
    try {
      TlsPreflight.handshake(ref.registry());
      tlsChecked.put(ref.registry(), true);
    } catch (javax.net.ssl.SSLException e) {
      throw failure(ref, "connecting", new InsecureRegistryException(null, e));
    } catch (IOException | RuntimeException e) {
      throw failure(ref, "connecting", e);
    }
  }

  private static DescriptorDigest digestOf(String digest) {
    try {
      return DescriptorDigest.fromDigest(digest);
    } catch (DigestException e) {
      throw new OperationFailedException("", "'" + digest + "' is not a sha256 digest");
    }
  }

  static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ResponseException r && r.getStatusCode() == 404) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Turns a jib or I/O failure into one line that names the registry and says what to check. */
  OperationFailedException failure(ImageRef ref, String action, Throwable e) {
    Throwable cause = unwrap(e);
    String where = ref.repositoryName();
    String host = ref.registry();
    boolean haveCredential = hasCredential(ref);
    if (cause instanceof RegistryCredentialsNotSentException) {
      return new OperationFailedException(where, action + ": the registry speaks plain HTTP, so credentials were not sent",
          "if this network is trusted, allow it with --insecure-registry " + host, e);
    }
    if (cause instanceof RegistryUnauthorizedException u) {
      int status = u.getCause() instanceof ResponseException r ? r.getStatusCode() : 401;
      if (!haveCredential) {
        return new OperationFailedException(where, action + ": the registry requires authentication (HTTP " + status
            + ") and no credentials were found for " + host,
            "give --auth-env " + host + "=USER_VARIABLE:PASSWORD_VARIABLE or log in to write a docker config.json", e);
      }
      return new OperationFailedException(where, action + ": " + (status == 403 ? "access denied" : "authentication failed")
          + " (HTTP " + status + ")",
          "check the user name, password or token given for " + host + " and its rights on " + ref.repository(), e);
    }
    if (cause instanceof RegistryAuthenticationFailedException) {
      return new OperationFailedException(where, action + ": authentication failed at the registry's token service",
          "check the credentials given for " + host, e);
    }
    if (cause instanceof InsecureRegistryException) {
      return new OperationFailedException(where, action + ": no verified HTTPS connection to " + host
          + (cause.getCause() == null ? "" : " (" + reason(cause.getCause()) + ")"),
          "for a registry with a self-signed certificate or plain HTTP, add --insecure-registry " + host, e);
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return new OperationFailedException(where, action + ": cannot connect to " + host + " (" + reason(cause) + ")",
          "check the host name and port and that the registry is running", e);
    }
    if (cause instanceof UnknownHostException) {
      return new OperationFailedException(where, action + ": unknown host " + host, "check the registry name", e);
    }
    if (cause instanceof SocketTimeoutException) {
      return new OperationFailedException(where, action + ": " + host + " did not answer in time", "", e);
    }
    if (cause instanceof javax.net.ssl.SSLException) {
      return new OperationFailedException(where, action + ": TLS failed with " + host + " (" + reason(cause) + ")",
          "for a registry with a self-signed certificate or plain HTTP, add --insecure-registry " + host, e);
    }
    if (cause instanceof ResponseException r) {
      return new OperationFailedException(where, action + ": the registry answered HTTP " + r.getStatusCode(), "", e);
    }
    return new OperationFailedException(where, action + ": " + reason(cause), "", e);
  }

  private boolean hasCredential(ImageRef ref) {
    try {
      return credentials.lookup(ref).isPresent();
    } catch (RuntimeException ignored) {
      return false;
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    // jib wraps registry errors in IOExceptions when they surface from a blob stream
    while (t.getCause() != null && t.getCause() != t
        && (t.getClass() == IOException.class || t.getClass().getName().endsWith("RegistryErrorException")
            && !(t.getCause() instanceof ResponseException))) {
      t = t.getCause();
    }
    if (t instanceof RegistryException && t.getCause() instanceof ResponseException r && r.getStatusCode() >= 500) {
      return r;
    }
    return t;
  }

  private static String reason(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  @Override
  public void close() {
    try {
      secureHttp.shutDown();
      insecureHttp.shutDown();
    } catch (IOException e) {
      reporter.info("registry: closing connections: " + e.getMessage());
    }
  }
}
