package spacktainers.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository (and the shared reference folder beside it) is, for tests that read them. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    String p = System.getProperty("spacktainers.repo");
    Path root = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
    return root.toAbsolutePath().normalize();
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }

  public static Path fixtures(String area) {
    return path("src/test/resources/fixtures").resolve(area);
  }

  /** True when the golden files should be rewritten instead of compared ({@code -Dgolden.update=true}). */
  public static boolean updateGolden() {
    return Boolean.getBoolean("golden.update");
  }

  public static boolean exists(String relative) {
    return Files.exists(path(relative));
  }
}
