package spacktainers.recipe;

/** Asks a Spack Monitor server whether it is there (its service-info endpoint). */
public interface MonitorService {
  /**
   * Checks {@code GET <host>/<prefix>/} and returns the server to use: the same one, or the one a
   * permanent move (HTTP 302) points to.
   *
   * @throws spacktainers.common.OperationFailedException when the server is missing, unavailable or
   *     unreachable
   */
  Server check(String host, String prefix);

  /**
   * The monitor server a recipe should talk to.
   *
   * @param version the server's reported version, or empty
   */
  record Server(String host, String prefix, String version) {}
}
