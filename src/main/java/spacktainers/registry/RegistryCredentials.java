package spacktainers.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import spacktainers.common.InvalidInputException;
import spacktainers.common.OperationFailedException;

/**
 * Finds the credential for a registry in the standard places, first match wins:
 * <ol>
 *   <li>environment variables named for that registry ({@link EnvCredential});
 *   <li>a docker {@code config.json} (given explicitly, else {@code $REGISTRY_AUTH_FILE},
 *       {@code $DOCKER_CONFIG/config.json}, {@code $HOME/.docker/config.json},
 *       {@code $XDG_RUNTIME_DIR/containers/auth.json}), including its credential helpers.
 * </ol>
 * Without a match the registry is used anonymously. Credential values never leave this class except
 * inside jib's {@link Credential}, which the registry client sends only to that registry.
 */
public final class RegistryCredentials {
  private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  private final List<EnvCredential> envCredentials;
  private final Map<String, String> env;
  private final List<Path> dockerConfigs;
  private final Consumer<LogEvent> log;

  public RegistryCredentials(RegistrySettings settings, Map<String, String> env, Consumer<LogEvent> log) {
    this.envCredentials = settings.envCredentials();
    this.env = Map.copyOf(env);
    this.dockerConfigs = settings.dockerConfig().map(List::of).orElseGet(() -> standardConfigs(env));
    this.log = log;
    settings.dockerConfig().ifPresent(p -> {
      if (!Files.isReadable(p)) {
        throw InvalidInputException.of(p.toString(), "docker config file does not exist or is not readable");
      }
    });
    for (EnvCredential c : envCredentials) {
      checkSet(c, c.userVariable());
      checkSet(c, c.passwordVariable());
    }
  }

  private void checkSet(EnvCredential c, String variable) {
    String value = env.get(variable);
    if (value == null || value.isEmpty()) {
      throw InvalidInputException.of("--auth-env " + c.registry(),
          "environment variable " + variable + " is not set",
          "export it (in GitLab CI, define it as a masked CI/CD variable)");
    }
  }

  static List<Path> standardConfigs(Map<String, String> env) {
    List<Path> paths = new ArrayList<>();
    value(env, "REGISTRY_AUTH_FILE").map(Path::of).ifPresent(paths::add);
    value(env, "DOCKER_CONFIG").map(d -> Path.of(d, "config.json")).ifPresent(paths::add);
    value(env, "HOME").map(h -> Path.of(h, ".docker", "config.json")).ifPresent(paths::add);
    value(env, "XDG_RUNTIME_DIR").map(d -> Path.of(d, "containers", "auth.json")).ifPresent(paths::add);
    return paths.stream().filter(Files::isRegularFile).toList();
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** The credential to present to the registry of {@code ref}, if any place has one. */
  public Optional<Credential> lookup(ImageRef ref) {
    for (EnvCredential c : envCredentials) {
      if (sameRegistry(c.registry(), ref.registry())) {
        return Optional.of(Credential.from(env.get(c.userVariable()), env.get(c.passwordVariable())));
      }
    }
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(ref.toJib(), log, env);
    for (Path config : dockerConfigs) {
      CredentialRetriever retriever = factory.dockerConfig(config);
      try {
        Optional<Credential> found = retriever.retrieve();
        if (found.isPresent()) {
          return found;
        }
      } catch (CredentialRetrievalException e) {
        throw new OperationFailedException(config.toString(),
            "cannot get the credential for " + ref.registry() + " from its credential helper",
            "check the helper named in credHelpers/credsStore, or give --auth-env " + ref.registry()
                + "=USER_VARIABLE:PASSWORD_VARIABLE", e);
      }
    }
    return Optional.empty();
  }

  static boolean sameRegistry(String configured, String actual) {
    return configured.equals(actual) || DOCKER_HUB.contains(configured) && DOCKER_HUB.contains(actual);
  }
}
