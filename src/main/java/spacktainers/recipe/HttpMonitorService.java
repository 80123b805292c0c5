package spacktainers.recipe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import spacktainers.common.OperationFailedException;

/**
 * The Spack Monitor service-info check over HTTP. Redirects are handled here, not by the client:
 * a 302 means the API moved to a new prefix for good (the recipe must use it, because Spack 0.17/0.18
 * would follow it for the first request only), a 301 is followed for this request only.
 */
public final class HttpMonitorService implements MonitorService {
  private static final int MAX_REDIRECTS = 5;
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"\\\\]{0,64})\"");

  private final Duration timeout;

  public HttpMonitorService() {
    this(Duration.ofSeconds(10));
  }

  public HttpMonitorService(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Server check(String host, String prefix) {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout).build();
    String currentHost = host;
    String currentPrefix = prefix;
    URI uri = URI.create(host + "/" + prefix + "/");
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<String> response = get(client, uri);
      int status = response.statusCode();
      switch (status) {
        case 200 -> {
          return new Server(currentHost, currentPrefix, version(response.body()));
        }
        case 301, 302, 307, 308 -> {
          Optional<String> location = response.headers().firstValue("Location");
          if (location.isEmpty() || location.get().isBlank()) {
            throw new OperationFailedException(uri.toString(), "the Spack Monitor answered HTTP " + status
                + " without a Location header", "check --monitor-host and --monitor-prefix", null);
          }
          URI target = uri.resolve(location.get().trim());
          if (status == 302 || status == 308) {
            // A moved API: every later request of the build must go to the new place.
            currentHost = target.getScheme() + "://" + target.getRawAuthority();
            currentPrefix = trimSlashes(target.getRawPath());
            if (currentPrefix.isEmpty()) {
              throw new OperationFailedException(uri.toString(), "the Spack Monitor redirects to "
                  + target + ", which has no API prefix");
            }
          }
          uri = target;
        }
        case 404 -> throw new OperationFailedException(uri.toString(), "no Spack Monitor API here (HTTP 404)",
            "check --monitor-host and --monitor-prefix", null);
        case 503 -> throw new OperationFailedException(uri.toString(), "the Spack Monitor service is not "
            + "available (HTTP 503)", "try again later", null);
        default -> throw new OperationFailedException(uri.toString(), "unexpected answer from the Spack "
            + "Monitor service-info endpoint: HTTP " + status);
      }
    }
    throw new OperationFailedException(host + "/" + prefix + "/", "more than " + MAX_REDIRECTS
        + " redirects from the Spack Monitor");
  }

  private HttpResponse<String> get(HttpClient client, URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
        .GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new OperationFailedException(uri.toString(), "connection refused: no Spack Monitor is listening",
          "start the server, or check --monitor-host", e);
    } catch (HttpTimeoutException e) {
      throw new OperationFailedException(uri.toString(), "no answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new OperationFailedException(uri.toString(), "cannot reach the Spack Monitor: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(uri.toString(), "interrupted", e);
    }
  }

  private static String version(String body) {
    Matcher m = VERSION.matcher(body == null ? "" : body);
    return m.find() ? m.group(1) : "";
  }

  private static String trimSlashes(String path) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
