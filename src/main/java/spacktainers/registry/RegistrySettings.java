package spacktainers.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach registries: which hosts may be spoken to over plain HTTP (or HTTPS with an
 * unverified certificate), where credentials come from, and how many requests may run at once.
 *
 * @param insecureRegistries hosts (with port when given) allowed to use HTTP; all others must use
 *     verified HTTPS
 * @param envCredentials per-registry names of the environment variables with user name and password
 * @param dockerConfig an explicit docker {@code config.json}; when empty the standard places are read
 * @param concurrency upper bound of concurrent registry requests (probes, blob transfers)
 */
public record RegistrySettings(
    Set<String> insecureRegistries, List<EnvCredential> envCredentials, Optional<Path> dockerConfig,
    int concurrency) {
  public static final int DEFAULT_CONCURRENCY = 16;

  public RegistrySettings {
    insecureRegistries = Set.copyOf(insecureRegistries);
    envCredentials = List.copyOf(envCredentials);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
  }

  public static RegistrySettings defaults() {
    return new RegistrySettings(Set.of(), List.of(), Optional.empty(), DEFAULT_CONCURRENCY);
  }

  public boolean insecure(String registry) {
    return insecureRegistries.contains(registry);
  }
}
