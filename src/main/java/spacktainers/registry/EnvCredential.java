package spacktainers.registry;

import spacktainers.common.InvalidInputException;

/**
 * Names the environment variables that hold a registry's user name and password (for example GitLab's
 * {@code CI_REGISTRY_USER} and {@code CI_REGISTRY_PASSWORD}). Only the names are ever configured or
 * printed; the values are read when a registry asks for them.
 *
 * @param registry registry host as it appears in image references, with port when it has one
 * @param userVariable variable holding the user name
 * @param passwordVariable variable holding the password or token
 */
public record EnvCredential(String registry, String userVariable, String passwordVariable) {
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";

  /** Parses {@code HOST=USER_VARIABLE:PASSWORD_VARIABLE}. */
  public static EnvCredential parse(String text, String where) {
    int eq = text.indexOf('=');
    int colon = text.lastIndexOf(':');
    if (eq > 0 && colon > eq) {
      String host = text.substring(0, eq);
      String user = text.substring(eq + 1, colon);
      String password = text.substring(colon + 1);
      if (user.matches(NAME) && password.matches(NAME)) {
        return new EnvCredential(host, user, password);
      }
    }
    throw InvalidInputException.of(where, "'" + text + "' is not HOST=USER_VARIABLE:PASSWORD_VARIABLE",
        "name the variables, never the secrets, e.g. registry.example.org=CI_REGISTRY_USER:CI_REGISTRY_PASSWORD");
  }
}
