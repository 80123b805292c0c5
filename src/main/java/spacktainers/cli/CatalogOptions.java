package spacktainers.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import spacktainers.catalog.Catalog;
import spacktainers.catalog.CatalogLoader;
import spacktainers.catalog.DigestSource;
import spacktainers.catalog.GitRef;
import spacktainers.catalog.LockSource;
import spacktainers.catalog.SiteSettings;
import spacktainers.catalog.SiteSettingsReader;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Version;

/**
 * Options and loading shared by the commands that read the catalogue: where it is ({@code --root},
 * {@code --config} from {@link GlobalOptions}), which git ref it is evaluated for, and where the
 * concretized locks are.
 */
public final class CatalogOptions {
  public static final String SETTINGS_FILE = "spacktainers.yaml";

  @Option(names = "--ref", paramLabel = "NAME",
      description = "Git ref the tags are for (default: $CI_COMMIT_REF_NAME, else the default branch).")
  String ref;

  @Option(names = "--locks", paramLabel = "DIR",
      description = "Concretized environments as DIR/<arch>/<name>/spack.lock: versions come from them.")
  Path locks;

  /** The catalogue root: {@code --root} or the working directory. */
  public static Path root(Main main) {
    CliContext ctx = main.context();
    return main.global().root().map(ctx::resolve).orElse(ctx.workingDir());
  }

  /**
   * The site settings when there are any: {@code --config} (which must exist), else {@code spacktainers.yaml}
   * in the root if it is there. For commands that work without settings and take defaults from them.
   */
  public static Optional<SiteSettings> optionalSettings(Main main) {
    Path file = main.global().config().map(main.context()::resolve)
        .orElse(root(main).resolve(SETTINGS_FILE));
    if (main.global().config().isEmpty() && !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(settings(main));
  }

  /** Reads and validates the site settings ({@code --config}, else {@code spacktainers.yaml} in the root). */
  public static SiteSettings settings(Main main) {
    CliContext ctx = main.context();
    Path root = root(main);
    Path file = main.global().config().map(ctx::resolve).orElse(root.resolve(SETTINGS_FILE));
    String shown = display(ctx, file);
    if (!Files.isRegularFile(file)) {
      throw InvalidInputException.of(shown, "no site settings file here",
          main.global().config().isPresent() ? "check the --config path"
              : "create " + SETTINGS_FILE + " (see docs/definitions.md), pass --config FILE, or run in the"
                  + " catalogue's root (or pass --root DIR)");
    }
    return SiteSettingsReader.read(file, shown);
  }

  /** The ref the catalogue is evaluated for. */
  public GitRef gitRef(Main main, SiteSettings settings) {
    return gitRef(main, settings, ref);
  }

  /** {@code ref} (a {@code --ref} option, may be null), else {@code $CI_COMMIT_REF_NAME}, else the default branch. */
  static GitRef gitRef(Main main, SiteSettings settings, String ref) {
    CliContext ctx = main.context();
    String name;
    Optional<String> slug = Optional.empty();
    if (ref != null) {
      name = ref;
    } else if (ctx.env("CI_COMMIT_REF_NAME").isPresent()) {
      name = ctx.env("CI_COMMIT_REF_NAME").get();
      slug = ctx.env("CI_COMMIT_REF_SLUG");
    } else {
      name = settings.defaultBranch();
    }
    try {
      return GitRef.of(name, slug, settings.defaultBranch());
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(ref != null ? "--ref" : "CI_COMMIT_REF_SLUG", e.getMessage());
    }
  }

  public Catalog load(Main main, LockSource extraLocks) {
    SiteSettings settings = settings(main);
    CliContext ctx = main.context();
    LockSource locks = extraLocks;
    if (this.locks != null) {
      Path dir = ctx.resolve(this.locks);
      if (!Files.isDirectory(dir)) {
        throw InvalidInputException.of(display(ctx, dir), "--locks must name a folder of <arch>/<name>/spack.lock");
      }
      LockSource fromDir = LockSource.directory(dir);
      LockSource first = extraLocks;
      locks = (name, arch) -> first.find(name, arch).or(() -> fromDir.find(name, arch));
    }
    return CatalogLoader.load(new CatalogLoader.Request(root(main), settings, gitRef(main, settings), locks,
        DigestSource.NONE, Version.current().major(), ctx.workingDir()));
  }

  /** Paths in messages as the user knows them: relative to the working folder when inside it. */
  static String display(CliContext ctx, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (abs.startsWith(ctx.workingDir()) && !abs.equals(ctx.workingDir())) {
      return ctx.workingDir().relativize(abs).toString();
    }
    return abs.toString();
  }
}
