package spacktainers.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The tool's own version, filtered into the jar by Maven. */
public record Version(String full, String major) {
  public static Version current() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/spacktainers/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Version(p.getProperty("version", "unknown"), p.getProperty("major", "0"));
  }
}
