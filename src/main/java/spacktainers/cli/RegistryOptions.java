package spacktainers.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;
import spacktainers.catalog.SiteSettings;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problems;
import spacktainers.registry.EnvCredential;
import spacktainers.registry.RegistrySettings;

/** Options shared by the commands that talk to registries. */
public final class RegistryOptions {
  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP (or HTTPS without a verified certificate) for this registry, "
          + "credentials included. Repeatable. Never needed for a registry with a valid certificate.")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--auth-env", paramLabel = "HOST=USER_VAR:PASSWORD_VAR",
      description = "Read the credentials for HOST from these environment variables (names, not values), "
          + "e.g. registry.example.org=CI_REGISTRY_USER:CI_REGISTRY_PASSWORD. Repeatable. "
          + "Otherwise docker config.json is used ($REGISTRY_AUTH_FILE, $DOCKER_CONFIG, ~/.docker).")
  List<String> authEnv = new ArrayList<>();

  @Option(names = "--docker-config", paramLabel = "FILE",
      description = "Read registry credentials from this docker config.json instead of the standard places.")
  Path dockerConfig;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "" + RegistrySettings.DEFAULT_CONCURRENCY,
      description = "Registry requests run at once (default: ${DEFAULT-VALUE}).")
  int jobs;

  /**
   * The registry settings of this run. Beside the options, the site settings (--config, else
   * spacktainers.yaml in the catalogue root, when there is one) name the variables holding the site
   * registry's credentials; they are used when both are set and no --auth-env names that registry.
   */
  RegistrySettings settings(Main main) {
    CliContext context = main.context();
    Problems problems = new Problems();
    Set<String> hosts = new LinkedHashSet<>();
    for (String h : insecure) {
      if (!h.matches("[A-Za-z0-9.\\-\\[\\]:]+") || h.contains("/")) {
        problems.add("--insecure-registry", "'" + h + "' is not HOST or HOST:PORT");
      }
      hosts.add(h);
    }
    List<EnvCredential> credentials = new ArrayList<>();
    for (String a : authEnv) {
      try {
        credentials.add(EnvCredential.parse(a, "--auth-env"));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (jobs < 1 || jobs > 256) {
      problems.add("--jobs", "must be between 1 and 256, not " + jobs);
    }
    problems.throwIfAny();
    siteCredential(main).ifPresent(credentials::add);
    return new RegistrySettings(hosts, credentials,
        Optional.ofNullable(dockerConfig).map(context::resolve), jobs);
  }

  private static Optional<EnvCredential> siteCredential(Main main) {
    Optional<SiteSettings> settings = CatalogOptions.optionalSettings(main);
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    SiteSettings.Registry site = settings.get().registry();
    CliContext context = main.context();
    if (context.env(site.userVariable()).isEmpty() || context.env(site.passwordVariable()).isEmpty()) {
      main.reporter().info("registry: " + site.userVariable() + "/" + site.passwordVariable()
          + " (site settings) are not both set; " + site.host() + " credentials come from docker config.json");
      return Optional.empty();
    }
    return Optional.of(new EnvCredential(site.host(), site.userVariable(), site.passwordVariable()));
  }
}
