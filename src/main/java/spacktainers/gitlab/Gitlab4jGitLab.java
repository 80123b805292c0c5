package spacktainers.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gitlab4j.api.AbstractApi;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;
import org.gitlab4j.api.Pager;
import org.gitlab4j.models.Constants.TokenType;

/**
 * {@link GitLab} over gitlab4j-api: its HTTP client, authentication headers, pagination
 * ({@code X-Page}/{@code X-Next-Page}/{@code X-Total-Pages}, and {@code X-Next-Page} alone past
 * 10,000 items) and error parsing. Bridges and jobs are read into this package's own small JSON
 * shapes, because gitlab4j's models miss {@code downstream_pipeline.project_id} and turn job
 * statuses newer than their enum ({@code waiting_for_resource}, {@code preparing}) into null.
 *
 * <p>Archives are downloaded without gitlab4j; see {@link #downloadArtifacts}.
 */
public final class Gitlab4jGitLab implements GitLab, AutoCloseable {
  private static final int PER_PAGE = 100;
  private static final int MAX_REDIRECTS = 5;

  private final GitLabApi api;
  private final URL apiUrl;
  private final GitLabToken token;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  /**
   * @param apiUrl GitLab's REST API root as in {@code CI_API_V4_URL} ({@code https://host/api/v4});
   *     a bare host URL is accepted too
   */
  public Gitlab4jGitLab(URI apiUrl, GitLabToken token, Duration connectTimeout, Duration readTimeout) {
    this.token = token;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    try {
      this.apiUrl = URI.create(hostUrl(apiUrl) + "/api/v4").toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a URL: " + apiUrl, e);
    }
    TokenType type = token.kind() == GitLabToken.Kind.JOB_TOKEN ? TokenType.JOB_TOKEN : TokenType.PRIVATE;
    this.api = new GitLabApi(GitLabApi.ApiVersion.V4, hostUrl(apiUrl), type, token.value());
    api.setDefaultPerPage(PER_PAGE);
    api.setRequestTimeout((int) connectTimeout.toMillis(), (int) readTimeout.toMillis());
  }

  /** {@code https://host/prefix/api/v4/} -> {@code https://host/prefix}: gitlab4j appends {@code /api/v4}. */
  static String hostUrl(URI apiUrl) {
    String s = apiUrl.toString().replaceAll("/+$", "");
    return s.endsWith("/api/v4") ? s.substring(0, s.length() - "/api/v4".length()) : s;
  }

  @Override
  public List<Bridge> bridges(String project, long pipelineId) {
    List<BridgeJson> all = pages(api.getPipelineApi(), BridgeJson.class, project, pipelineId, "bridges");
    List<Bridge> out = new ArrayList<>(all.size());
    for (BridgeJson b : all) {
      Optional<Bridge.Downstream> down = Optional.ofNullable(b.downstreamPipeline())
          .filter(d -> d.id() != null)
          .map(d -> new Bridge.Downstream(d.id(), Optional.ofNullable(d.projectId()), d.status()));
      out.add(new Bridge(b.id(), nonNull(b.name()), b.status(), down));
    }
    return out;
  }

  @Override
  public List<PipelineJob> jobs(String project, long pipelineId) {
    List<JobJson> all = pages(api.getJobApi(), JobJson.class, project, pipelineId, "jobs");
    List<PipelineJob> out = new ArrayList<>(all.size());
    for (JobJson j : all) {
      out.add(new PipelineJob(j.id(), nonNull(j.name()), j.status(), archiveSize(j), instant(j.artifactsExpireAt())));
    }
    return out;
  }

  /**
   * The archive is fetched with {@link HttpURLConnection} rather than gitlab4j, which forces its
   * client to follow redirects and so would hand the token to whatever host GitLab redirects to
   * (object storage, when downloads are not proxied). Here a redirect to another origin is followed
   * without credentials, and a read that stalls for the read timeout fails instead of hanging.
   */
  @Override
  public void downloadArtifacts(String project, long jobId, BodyConsumer consumer) {
    URL url = artifactsUrl(project, jobId);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      boolean credentials = sameOrigin(url, apiUrl);
      HttpURLConnection c = open(url, credentials);
      int status;
      try {
        status = c.getResponseCode();
      } catch (IOException e) {
        c.disconnect();
        throw GitLabException.connection(token.mask(describe(e)), e);
      }
      if (status == 200) {
        try {
          consume(c.getInputStream(), consumer);
        } catch (IOException e) {
          throw GitLabException.connection(token.mask(describe(e)), e);
        } finally {
          c.disconnect();
        }
        return;
      }
      String location = c.getHeaderField("Location");
      if (status / 100 == 3 && location != null) {
        discard(c);
        try {
          url = new URL(url, location);
        } catch (MalformedURLException e) {
          throw GitLabException.http(status, "redirect to an invalid URL", Optional.empty(), Optional.empty());
        }
        if (!url.getProtocol().equals("https") && !url.getProtocol().equals("http")) {
          throw GitLabException.http(status, "redirect to a " + url.getProtocol() + ": URL", Optional.empty(),
              Optional.empty());
        }
        continue;
      }
      throw errorOf(c, status, credentials ? "" : " from " + url.getHost() + " (redirected download)");
    }
    throw GitLabException.http(310, "more than " + MAX_REDIRECTS + " redirects", Optional.empty(), Optional.empty());
  }

  private URL artifactsUrl(String project, long jobId) {
    String id = project.matches("[0-9]+") ? project : URLEncoder.encode(project, StandardCharsets.UTF_8);
    try {
      return new URL(apiUrl, apiUrl.getPath().replaceAll("/+$", "") + "/projects/" + id + "/jobs/" + jobId
          + "/artifacts");
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private HttpURLConnection open(URL url, boolean credentials) {
    try {
      HttpURLConnection c = (HttpURLConnection) url.openConnection();
      c.setInstanceFollowRedirects(false);
      c.setConnectTimeout((int) connectTimeout.toMillis());
      c.setReadTimeout((int) readTimeout.toMillis());
      c.setRequestProperty("Accept", "*/*");
      c.setRequestProperty("User-Agent", "spacktainers");
      if (credentials) {
        c.setRequestProperty(token.kind() == GitLabToken.Kind.JOB_TOKEN ? "JOB-TOKEN" : "PRIVATE-TOKEN",
            token.value());
      }
      return c;
    } catch (IOException e) {
      throw GitLabException.connection(token.mask(describe(e)), e);
    }
  }

  static boolean sameOrigin(URL a, URL b) {
    return a.getProtocol().equalsIgnoreCase(b.getProtocol()) && a.getHost().equalsIgnoreCase(b.getHost())
        && effectivePort(a) == effectivePort(b);
  }

  private static int effectivePort(URL u) {
    return u.getPort() == -1 ? u.getDefaultPort() : u.getPort();
  }

  /** An error answer as GitLab's {@code {"message": ...}} / {@code {"error": ...}}, read up to 64 KiB. */
  private GitLabException errorOf(HttpURLConnection c, int status, String suffix) {
    String body = "";
    try (InputStream err = c.getErrorStream()) {
      if (err != null) {
        body = new String(err.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      }
    } catch (IOException ignored) {
      // the status alone still says what happened
    }
    String reason;
    try {
      reason = c.getResponseMessage();
    } catch (IOException e) {
      reason = null;
    }
    Optional<String> scope = Optional.ofNullable(c.getHeaderField("WWW-Authenticate")).flatMap(Gitlab4jGitLab::scopeOf);
    Optional<Duration> retry = retryAfter(Optional.ofNullable(c.getHeaderField("Retry-After")));
    c.disconnect();
    String message = token.mask(shortMessage(jsonMessage(body).orElse(body), reason)) + suffix;
    if (scope.isEmpty() && message.startsWith("insufficient_scope")) {
      scope = Optional.of("read_api");
    }
    return GitLabException.http(status, message, retry, scope);
  }

  private static Optional<String> jsonMessage(String body) {
    if (!body.stripLeading().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode json = new ObjectMapper().readTree(body);
      JsonNode m = json.has("message") ? json.get("message") : json.get("error");
      return m == null ? Optional.empty() : Optional.of(m.isTextual() ? m.asText() : m.toString());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static void discard(HttpURLConnection c) {
    try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
      in.readNBytes(64 * 1024);
    } catch (IOException ignored) {
      // a redirect's body is never needed
    } finally {
      c.disconnect();
    }
  }

  private <T> List<T> pages(AbstractApi on, Class<T> type, String project, long pipelineId, String what) {
    Pager<T> pager;
    try {
      pager = new Pager<>(on, type, PER_PAGE, null, "projects", projectArg(project), "pipelines", pipelineId, what);
    } catch (GitLabApiException e) {
      throw translate(e);
    } catch (RuntimeException e) {
      throw translate(e);
    }
    List<T> all = new ArrayList<>();
    // Page by page rather than pager.all(), which wraps a failed page in a bare RuntimeException:
    // the failure must stay a typed GitLabException so RetryingGitLab can retry the listing.
    while (pager.hasNext()) {
      try {
        all.addAll(pager.next());
      } catch (RuntimeException e) {
        throw translate(e);
      }
    }
    return all;
  }

  private Object projectArg(String project) {
    try {
      return project.matches("[0-9]+") ? (Object) Long.valueOf(project) : api.getProjectApi().getProjectIdOrPath(project);
    } catch (GitLabApiException e) {
      throw translate(e);
    }
  }

  private void consume(InputStream body, BodyConsumer consumer) throws IOException {
    try (InputStream in = new ReadFailures(body)) {
      consumer.accept(in);
    } catch (BodyReadException e) {
      throw GitLabException.connection("the download broke off: " + token.mask(describe(e.getCause())), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private GitLabException translate(RuntimeException e) {
    Throwable c = e;
    while (c != null) {
      if (c instanceof GitLabApiException g) {
        return translate(g);
      }
      c = c.getCause();
    }
    return classifyCause(e);
  }

  private GitLabException translate(GitLabApiException e) {
    int status = e.getHttpStatus();
    if (status == 0) {
      return classifyCause(e);
    }
    Optional<String> wwwAuthenticate = header(e, "WWW-Authenticate");
    Optional<String> scope = wwwAuthenticate.flatMap(Gitlab4jGitLab::scopeOf);
    String message = token.mask(shortMessage(e.getMessage(), e.getReason()));
    if (scope.isEmpty() && message.equals("insufficient_scope")) {
      scope = Optional.of("read_api");
    }
    return GitLabException.http(status, message, retryAfter(header(e, "Retry-After")), scope);
  }

  private GitLabException classifyCause(Throwable e) {
    Throwable c = e;
    while (c != null) {
      if (c instanceof JsonProcessingException) {
        // A 200 answer that is not GitLab's JSON: usually --api-url points at a web page or a proxy.
        return GitLabException.http(200, "the answer is not the JSON GitLab's API returns", Optional.empty(),
            Optional.empty());
      }
      if (c instanceof IOException io) {
        return GitLabException.connection(token.mask(describe(io)), e);
      }
      c = c.getCause();
    }
    return GitLabException.connection(token.mask(String.valueOf(e.getMessage())), e);
  }

  private static Optional<String> header(GitLabApiException e, String name) {
    if (e.getHeaders() == null) {
      return Optional.empty();
    }
    for (var entry : e.getHeaders().entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
        return Optional.of(entry.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  private static final Pattern SCOPE = Pattern.compile("scope=\"([^\"]*)\"");

  static Optional<String> scopeOf(String wwwAuthenticate) {
    Matcher m = SCOPE.matcher(wwwAuthenticate);
    return m.find() && !m.group(1).isBlank() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Retry-After as seconds or an HTTP date. */
  static Optional<Duration> retryAfter(Optional<String> value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  /** GitLab's {@code message}/{@code error}, or the reason phrase when the body is an HTML error page. */
  static String shortMessage(String message, String reason) {
    String fallback = reason == null ? "no message" : reason;
    if (message == null || message.isBlank()) {
      return fallback;
    }
    String m = message.strip();
    if (m.startsWith("<") || m.toLowerCase(Locale.ROOT).contains("<html")) {
      return fallback;
    }
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }

  private static String describe(Throwable e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }

  private static Optional<Long> archiveSize(JobJson j) {
    if (j.artifacts() != null) {
      for (ArtifactJson a : j.artifacts()) {
        if ("archive".equals(a.fileType())) {
          return Optional.of(a.size() == null ? 0L : a.size());
        }
      }
      return Optional.empty();
    }
    // GitLab before 12.x lists only artifacts_file
    return Optional.ofNullable(j.artifactsFile()).map(f -> f.size() == null ? 0L : f.size());
  }

  private static Optional<Instant> instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(iso).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  @Override
  public void close() {
    api.close();
  }

  /** Marks failures of the network side so they are told apart from failures writing to disk. */
  private static final class ReadFailures extends FilterInputStream {
    ReadFailures(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new BodyReadException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new BodyReadException(e);
      }
    }
  }

  private static final class BodyReadException extends IOException {
    BodyReadException(IOException cause) {
      super(cause);
    }
  }

  // The JSON GitLab returns, reduced to what is read (gitlab4j's mapper: snake_case, unknown keys ignored).

  @JsonIgnoreProperties(ignoreUnknown = true)
  record BridgeJson(long id, String name, String status, DownstreamJson downstreamPipeline) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DownstreamJson(Long id, Long projectId, String status) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JobJson(long id, String name, String status, List<ArtifactJson> artifacts, ArtifactsFileJson artifactsFile,
      String artifactsExpireAt) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ArtifactJson(String fileType, Long size) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ArtifactsFileJson(String filename, Long size) {}
}
