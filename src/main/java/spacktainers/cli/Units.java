package spacktainers.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters for sizes ({@code 512MiB}, {@code 8g}, {@code 2GB}) and durations ({@code 250ms}, {@code 2s}). */
final class Units {
  private Units() {}

  private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([kmgt]?)(i?)(b?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  /**
   * Bytes. {@code k m g t} and {@code KiB MiB GiB TiB} are powers of 1024; {@code KB MB GB TB} powers
   * of 1000 (as {@code du} and {@code df} read them).
   */
  static long bytes(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a size (examples: 500MiB, 8g, 2GB, 1048576)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    boolean decimal = m.group(3).isEmpty() && !m.group(4).isEmpty();
    int power = "kmgt".indexOf(unit.isEmpty() ? "-" : unit) + 1;
    if (unit.isEmpty() && (!m.group(3).isEmpty())) {
      throw new TypeConversionException("'" + text + "' is not a size (examples: 500MiB, 8g, 2GB, 1048576)");
    }
    long factor = 1;
    for (int i = 0; i < power; i++) {
      factor = Math.multiplyExact(factor, decimal ? 1000L : 1024L);
    }
    try {
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException e) {
      throw new TypeConversionException("'" + text + "' is too large");
    }
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a duration (examples: 250ms, 2s, 1m)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  static final class ByteSize implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return bytes(value);
    }
  }

  static final class TimeSpan implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }
}
