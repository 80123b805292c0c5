package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import spacktainers.common.InvalidInputException;

class RegistryCredentialsTest {
  @TempDir Path home;

  private static RegistrySettings settings(List<EnvCredential> env, Optional<Path> config) {
    return new RegistrySettings(Set.of(), env, config, 4);
  }

  @Test
  void environmentVariablesWinAndAreMatchedByRegistry() {
    RegistryCredentials c = new RegistryCredentials(
        settings(List.of(EnvCredential.parse("reg.example.org:5000=U:P", "--auth-env")), Optional.empty()),
        Map.of("U", "alice", "P", "s3cret", "HOME", home.toString()), e -> {});
    Credential found = c.lookup(ImageRef.parse("reg.example.org:5000/x:1", "r")).orElseThrow();
    assertEquals("alice", found.getUsername());
    assertEquals("s3cret", found.getPassword());
    assertTrue(c.lookup(ImageRef.parse("other.example.org/x:1", "r")).isEmpty());
  }

  @Test
  void dockerHubAliasesAreOneRegistry() {
    RegistryCredentials c = new RegistryCredentials(
        settings(List.of(EnvCredential.parse("docker.io=U:P", "--auth-env")), Optional.empty()),
        Map.of("U", "u", "P", "p"), e -> {});
    assertTrue(c.lookup(ImageRef.parse("library/busybox", "r")).isPresent());
  }

  @Test
  void unsetVariableIsBadInputNamingTheVariableOnly() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new RegistryCredentials(
        settings(List.of(EnvCredential.parse("h=U:P", "--auth-env")), Optional.empty()), Map.of("U", "u"), x -> {}));
    assertTrue(e.problems().get(0).message().contains("P is not set"), e.getMessage());
  }

  @Test
  void readsDockerConfigFromHome() throws Exception {
    Path config = Files.createDirectories(home.resolve(".docker")).resolve("config.json");
    String auth = Base64.getEncoder().encodeToString("bob:pw".getBytes());
    Files.writeString(config, "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"}}}");
    RegistryCredentials c = new RegistryCredentials(settings(List.of(), Optional.empty()),
        Map.of("HOME", home.toString()), e -> {});
    Credential found = c.lookup(ImageRef.parse("127.0.0.1:5000/x:1", "r")).orElseThrow();
    assertEquals("bob", found.getUsername());
    assertFalse(c.lookup(ImageRef.parse("127.0.0.1:5001/x:1", "r")).isPresent());
  }

  @Test
  void registryAuthFileComesFirst() throws Exception {
    Path auth = home.resolve("auth.json");
    Files.writeString(auth, "{\"auths\":{\"h.example\":{\"auth\":\""
        + Base64.getEncoder().encodeToString("carol:pw".getBytes()) + "\"}}}");
    RegistryCredentials c = new RegistryCredentials(settings(List.of(), Optional.empty()),
        Map.of("REGISTRY_AUTH_FILE", auth.toString()), e -> {});
    assertEquals("carol", c.lookup(ImageRef.parse("h.example/x:1", "r")).orElseThrow().getUsername());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"h=U", "=U:P", "h=U:", "h=1X:P", "h=U:P:Q", "hU:P"})
  void rejectsBadAuthEnv(String text) {
    assertThrows(InvalidInputException.class, () -> EnvCredential.parse(text, "--auth-env"));
  }
}
