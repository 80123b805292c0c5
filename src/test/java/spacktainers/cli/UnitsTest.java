package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class UnitsTest {
  @Test
  void sizesAreBinaryUnlessSpelledAsSiBytes() {
    assertEquals(1024L, Units.bytes("1k"));
    assertEquals(512L << 20, Units.bytes("512MiB"));
    assertEquals(8L << 30, Units.bytes("8g"));
    assertEquals(2_000_000_000L, Units.bytes("2GB"));
    assertEquals(1048576L, Units.bytes("1048576"));
    assertEquals(7L, Units.bytes("7b"));
    assertThrows(TypeConversionException.class, () -> Units.bytes("12 apples"));
    assertThrows(TypeConversionException.class, () -> Units.bytes("9999999999t"));
  }

  @Test
  void durationsDefaultToSeconds() {
    assertEquals(Duration.ofMillis(250), Units.duration("250ms"));
    assertEquals(Duration.ofSeconds(3), Units.duration("3"));
    assertEquals(Duration.ofMinutes(1), Units.duration("1m"));
    assertThrows(TypeConversionException.class, () -> Units.duration("soon"));
  }
}
