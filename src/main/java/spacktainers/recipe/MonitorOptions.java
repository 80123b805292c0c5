package spacktainers.recipe;

import java.util.List;

/**
 * The {@code --monitor*} options: report the build to a Spack Monitor server.
 *
 * @param host server base URL, without a trailing slash
 * @param prefix API prefix on the server
 * @param tags tags attached to the build
 * @param keepGoing {@code --monitor-keep-going}
 * @param disableAuth the server needs no credentials (Spack 0.17 only)
 * @param saveLocal record results in the image instead of sending them
 * @param secretsFile Singularity only: the file with the exports, copied in and removed again
 * @param check ask the server's service-info endpoint before writing the recipe
 */
public record MonitorOptions(boolean enabled, String host, String prefix, List<String> tags, boolean keepGoing,
    boolean disableAuth, boolean saveLocal, String secretsFile, boolean check) {
  public static final String DEFAULT_HOST = "http://127.0.0.1";
  public static final String DEFAULT_PREFIX = "ms1";
  public static final String DEFAULT_SECRETS = "secrets.sh";
  /** Where {@code --monitor-save-local} results are kept in the image, for {@code spack monitor upload}. */
  public static final String SAVE_LOCAL_DIR = "/opt/spack-environment/monitor";

  public MonitorOptions {
    tags = List.copyOf(tags);
  }

  public static MonitorOptions off() {
    return new MonitorOptions(false, DEFAULT_HOST, DEFAULT_PREFIX, List.of(), false, false, false,
        DEFAULT_SECRETS, false);
  }

  /** Credentials are mounted or sourced only when results go to a server that wants them. */
  public boolean needsCredentials() {
    return enabled && !saveLocal && !disableAuth;
  }

  public MonitorOptions withServer(String newHost, String newPrefix) {
    return new MonitorOptions(enabled, newHost, newPrefix, tags, keepGoing, disableAuth, saveLocal, secretsFile,
        check);
  }

  /** {@code <host>/<prefix>/}: the service-info endpoint. */
  public String serviceInfoUrl() {
    return host + "/" + prefix + "/";
  }
}
