package spacktainers.recipe;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problem;
import spacktainers.common.Reporter;
import spacktainers.common.Shown;
import spacktainers.recipe.ContainerSection.CatalogImages;
import spacktainers.recipe.ContainerSection.CustomImages;
import spacktainers.recipe.ContainerSection.SpackGit;
import spacktainers.recipe.ContainerSection.SpackSource;
import spacktainers.recipe.ContainerSection.SpackTag;
import spacktainers.spack.OsImage;
import spacktainers.spack.OsImageCatalog;
import spacktainers.spack.PackageManager;
import spacktainers.spack.SpackDialect;
import spacktainers.spack.SpackVersion;

/**
 * Picks the images of a recipe and the Spack release inside them. With {@code --monitor} the image
 * must run a Spack that has {@code spack install --monitor} (0.17 or 0.18): one is pinned when the
 * file leaves the choice open, and a file that names another Spack is refused with the fix.
 */
final class ImagePlanner {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  /** 7 to 39 hex digits with at least one letter and one digit: what {@code git log --oneline} shows. */
  private static final Pattern ABBREVIATED_SHA = Pattern.compile("(?=.*[a-f])(?=.*[0-9])[0-9a-f]{7,39}");

  private final OsImageCatalog catalog;
  private final GitRemote git;
  private final Reporter reporter;
  private final Function<String, String> where;

  ImagePlanner(OsImageCatalog catalog, GitRemote git, Reporter reporter, Function<String, String> where) {
    this.catalog = catalog;
    this.git = git;
    this.reporter = reporter;
    this.where = where;
  }

  ImagePlan plan(ContainerSection section, RecipeOptions options) {
    MonitorOptions monitor = options.monitor();
    Optional<SpackVersion> declared = options.spackVersion().map(ImagePlanner::parseDeclared);
    if (section.images() instanceof CustomImages custom) {
      return custom(section, custom, declared, monitor);
    }
    CatalogImages images = (CatalogImages) section.images();
    OsImage os = catalog.get(images.os()).orElseThrow();
    String url = SpackGit.DEFAULT_URL;
    String ref;
    Optional<SpackVersion> version;
    boolean forceBootstrap = false;
    // Only a ref that is itself a release may be swapped for Spack's image of that release; a branch
    // or commit declared with --spack-version is still built from git.
    boolean refIsRelease = true;
    String spackAt = "container.images.spack";
    if (images.spack().isEmpty()) {
      if (declared.isPresent()) {
        version = declared;
        ref = declared.get().gitRef();
      } else if (monitor.enabled()) {
        boolean noAuth = monitor.disableAuth() && !monitor.saveLocal();
        SpackVersion pin = noAuth ? SpackVersion.V0_17_3 : SpackVersion.V0_18_1;
        version = Optional.of(pin);
        ref = pin.tag();
        reporter.note("using Spack " + pin.tag() + ", the newest release whose 'spack install --monitor' "
            + (noAuth ? "can switch authentication off" : "works") + " (monitoring was removed in 0.19); "
            + "set container.images.spack to choose another");
      } else {
        version = Optional.empty();
        ref = "develop";
      }
    } else {
      SpackSource source = images.spack().get();
      if (source instanceof SpackGit g) {
        url = g.url();
        forceBootstrap = true;
        spackAt = "container.images.spack.ref";
      }
      ref = source.ref();
      if (ABBREVIATED_SHA.matcher(ref).matches()) {
        reporter.warning(where.apply(spackAt), Shown.value(ref) + " looks like an abbreviated commit: git fetches "
            + "a commit only by its full 40-hex id, so the image build would fail (fine if it is a branch name)");
      }
      refIsRelease = SpackVersion.parse(ref).isPresent();
      version = versionOf(ref, declared, spackAt, monitor);
      if (source instanceof SpackGit g && (g.resolveSha() || g.verify())) {
        ref = resolve(g, ref);
      }
    }
    SpackDialect dialect = SpackDialect.of(version);
    checkMonitor(dialect, version, monitor, images.spack().isPresent() ? spackAt : "");
    if (!dialect.runsOnPython(os.python())) {
      throw InvalidInputException.of(where.apply("container.images.os"), "Spack " + describe(version)
          + " does not run on Python " + os.python() + " (the python3 of " + os.key() + "); it needs "
          + dialect.pythonRange(), "choose an OS with " + (dialect == SpackDialect.V0_17 ? "an older" : "a newer")
          + " Python, e.g. ubuntu:22.04 ('spacktainers containerize --list-os' shows each Python)");
    }
    Optional<String> prebuilt = Optional.empty();
    if (!forceBootstrap && os.spackImage().isPresent()) {
      var image = os.spackImage().get();
      if (version.isPresent() && refIsRelease) {
        prebuilt = image.forRelease(version.get());
        if (prebuilt.isEmpty() && !version.get().isSeries()) {
          reporter.note("Spack publishes no " + image.name() + ":" + version.get().tag()
              + " image; the recipe builds Spack " + version.get().tag() + " from git in a bootstrap stage");
        }
      } else if (ref.equals("develop")) {
        prebuilt = image.forDevelop();
      } else if (ref.equals("latest")) {
        prebuilt = Optional.of(image.name() + ":latest");
      }
    }
    if (prebuilt.isPresent()) {
      return new ImagePlan(Optional.empty(), prebuilt.get(), os.finalImage(), true, Optional.of(os.manager()),
          version, dialect, os.shell());
    }
    String bootstrapRef = ref;
    if (ref.equals("latest")) {
      bootstrapRef = "releases/latest";
    } else if (version.isPresent() && version.get().isSeries() && !ref.startsWith("releases/")) {
      // "0.18" names a series, not a tag: build its maintenance branch.
      bootstrapRef = version.get().gitRef();
    }
    return new ImagePlan(Optional.of(new ImagePlan.Bootstrap(os.bootstrapBase(), os.manager(), url, bootstrapRef)),
        os.bootstrapBase(), os.finalImage(), true, Optional.of(os.manager()), version, dialect, os.shell());
  }

  private ImagePlan custom(ContainerSection section, CustomImages custom, Optional<SpackVersion> declared,
      MonitorOptions monitor) {
    Optional<SpackVersion> version = declared;
    if (declared.isEmpty() && monitor.enabled()) {
      version = Optional.of(SpackVersion.V0_18_1);
      reporter.note("assuming the build image " + custom.build() + " runs Spack 0.18 (the newest with "
          + "'spack install --monitor'); declare its version with --spack-version");
    }
    SpackDialect dialect = SpackDialect.of(version);
    checkMonitor(dialect, version, monitor, "--spack-version");
    Optional<PackageManager> manager = section.osPackages().command().flatMap(catalog::manager);
    return new ImagePlan(Optional.empty(), custom.build(), custom.finalImage(), false, manager, version, dialect,
        "/bin/sh");
  }

  /** The Spack release a tag or ref names, reconciled with {@code --spack-version}. */
  private Optional<SpackVersion> versionOf(String ref, Optional<SpackVersion> declared, String at,
      MonitorOptions monitor) {
    Optional<SpackVersion> named = SpackVersion.parse(ref);
    if (named.isPresent()) {
      if (declared.isPresent() && !sameRelease(named.get(), declared.get())) {
        throw InvalidInputException.of(where.apply(at), "names Spack " + named.get() + " but --spack-version says "
            + declared.get(), "drop --spack-version, or make the two agree");
      }
      return named;
    }
    if (declared.isPresent()) {
      return declared;
    }
    if (ref.equals("develop") || ref.equals("latest")) {
      return Optional.empty();
    }
    if (monitor.enabled()) {
      throw InvalidInputException.of(where.apply(at), "cannot tell which Spack release " + Shown.value(ref) + " is, so "
          + "cannot tell whether it has 'spack install --monitor'", "declare it with --spack-version "
          + "(0.17.x or 0.18.x)");
    }
    reporter.warning(where.apply(at), "cannot tell which Spack release " + Shown.value(ref) + " is; the image's "
        + "spack.yaml is written for Spack develop (declare the release with --spack-version if it is older)");
    return Optional.empty();
  }

  private static boolean sameRelease(SpackVersion named, SpackVersion declared) {
    if (!named.sameSeries(declared)) {
      return false;
    }
    return named.isSeries() || declared.isSeries() || named.patch() == declared.patch();
  }

  private void checkMonitor(SpackDialect dialect, Optional<SpackVersion> version, MonitorOptions monitor,
      String at) {
    if (!monitor.enabled()) {
      return;
    }
    String location = at.isEmpty() ? "" : at.startsWith("--") ? at : where.apply(at);
    if (!dialect.supportsMonitor(version)) {
      throw new InvalidInputException(new Problem(location, "Spack " + describe(version) + " has no "
          + "'spack install --monitor' (only Spack 0.17 and 0.18 have it; 0.19 removed it)",
          at.startsWith("--") ? "declare a monitor-capable Spack with --spack-version 0.18.1"
              : "set container.images.spack to v0.18.1, or remove it and let spacktainers pin a release"));
    }
    if (monitor.disableAuth() && !monitor.saveLocal() && !dialect.supportsMonitorWithoutAuth()) {
      throw new InvalidInputException(new Problem(location, "Spack " + describe(version) + " always sends "
          + "monitor credentials; only Spack 0.17 can switch authentication off (--monitor-disable-auth)",
          at.startsWith("--") ? "declare a Spack 0.17 build image with --spack-version 0.17.3, or drop "
              + "--monitor-disable-auth"
              : "set container.images.spack to v0.17.3, or drop --monitor-disable-auth"));
    }
  }

  private String resolve(SpackGit g, String ref) {
    String at = where.apply("container.images.spack.ref");
    if (SHA.matcher(ref).matches()) {
      return ref;
    }
    Optional<String> sha = git.resolve(g.url(), ref);
    if (sha.isEmpty()) {
      throw InvalidInputException.of(at, Shown.value(ref) + " is not a branch or tag of " + g.url());
    }
    return g.resolveSha() ? sha.get() : ref;
  }

  private static SpackVersion parseDeclared(String v) {
    return SpackVersion.parse(v).orElseThrow(() -> InvalidInputException.of("--spack-version",
        Shown.value(v) + " is not a Spack release (write it like 0.18.1)"));
  }

  private static String describe(Optional<SpackVersion> version) {
    return version.map(SpackVersion::toString).orElse("develop");
  }
}
