package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import spacktainers.common.InvalidInputException;

class PlatformTest {
  @ParameterizedTest
  @CsvSource({
      "amd64, linux/amd64", "x86_64, linux/amd64", "aarch64, linux/arm64", "linux/arm64, linux/arm64",
      "arm64/v8, linux/arm64/v8", "linux/arm/v7, linux/arm/v7", "LINUX/PPC64LE, linux/ppc64le",
      "windows/amd64, windows/amd64"})
  void parsesAndNormalises(String text, String expected) {
    assertEquals(expected, Platform.parse(text, "--arch").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "linux/", "a/b/c/d", "amd 64", "linux//amd64"})
  void rejects(String text) {
    assertThrows(InvalidInputException.class, () -> Platform.parse(text, "--arch"));
  }

  @Test
  void neverMatchesAnotherArchitecture() {
    Platform arm64 = Platform.parse("arm64", "--arch");
    assertTrue(arm64.matches("linux", "arm64", Optional.of("v8")));
    assertTrue(arm64.matches("linux", "aarch64", Optional.empty()));
    assertFalse(arm64.matches("linux", "amd64", Optional.empty()));
    assertFalse(arm64.matches("windows", "arm64", Optional.empty()));
  }

  @Test
  void variantMustMatchWhenAsked() {
    Platform v7 = Platform.parse("linux/arm/v7", "--arch");
    assertTrue(v7.matches("linux", "arm", Optional.of("v7")));
    assertFalse(v7.matches("linux", "arm", Optional.of("v6")));
    assertFalse(v7.matches("linux", "arm", Optional.empty()));
    Platform v8 = Platform.parse("linux/arm64/v8", "--arch");
    assertTrue(v8.matches("linux", "arm64", Optional.empty()), "arm64 without variant is v8");
  }
}
