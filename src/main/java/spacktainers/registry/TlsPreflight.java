package spacktainers.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One verified TLS handshake with a registry before jib's client talks to it. jib retries failed
 * HTTPS requests with exponential back-off for about a minute, which is right for a flaky network
 * and wrong for a registry that speaks plain HTTP or has an untrusted certificate: this check turns
 * those into an immediate, explained error. It sends no HTTP and no credentials.
 */
final class TlsPreflight {
  private static final int TIMEOUT_MS = 10_000;

  private TlsPreflight() {}

  /** Throws the I/O failure (connect, TLS, timeout) that a request to {@code registry} would meet. */
  static void handshake(String registry) throws IOException {
    String host = registry;
    int port = 443;
    int colon = registry.lastIndexOf(':');
    if (colon > registry.lastIndexOf(']') && colon > 0) {
      host = registry.substring(0, colon);
      port = Integer.parseInt(registry.substring(colon + 1));
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
      plain.setSoTimeout(TIMEOUT_MS);
      SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
      try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, false)) {
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
          params.setServerNames(java.util.List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(params);
        tls.startHandshake();
      }
    }
  }
}
