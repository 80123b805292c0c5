package spacktainers.recipe;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problem;
import spacktainers.common.Problems;
import spacktainers.common.Reporter;
import spacktainers.common.Shown;
import spacktainers.recipe.ContainerSection.CustomImages;
import spacktainers.spack.ContainerManifest;
import spacktainers.spack.OsImageCatalog;
import spacktainers.spack.SpackEnvironment;

/**
 * {@code containerize}: a Spack environment and the command-line options in, a Docker or
 * Singularity recipe out. Everything is checked before anything is rendered; the result is the
 * recipe text, which the caller writes.
 */
public final class Containerizer {
  /** Linux limits one argument, and so a whole {@code sh -c} script, to 128 KiB. */
  static final int MAX_STEP_BYTES = 120 * 1024;

  private final OsImageCatalog catalog;
  private final GitRemote git;
  private final MonitorService monitorService;

  public Containerizer(OsImageCatalog catalog, GitRemote git, MonitorService monitorService) {
    this.catalog = catalog;
    this.git = git;
    this.monitorService = monitorService;
  }

  /**
   * The recipe text. Warnings and notes reach {@code reporter} only when a recipe is produced: a
   * failed run shows its errors and nothing else.
   */
  public String generate(SpackEnvironment env, RecipeOptions options, Reporter reporter) {
    DeferredReporter deferred = new DeferredReporter();
    String text = generate(env, options, deferred, new Problems());
    deferred.replayTo(reporter);
    return text;
  }

  private String generate(SpackEnvironment env, RecipeOptions options, Reporter reporter, Problems problems) {
    ContainerSection section = ContainerSectionParser.parse(env, catalog, problems);
    MonitorOptions monitor = options.monitor();
    checkMonitorOptions(monitor, problems);
    problems.throwIfAny();

    Format format = options.format().or(section::format).orElse(Format.DOCKER);
    checkFormatSpecifics(env, section, format, monitor, problems);
    warnUnusedMonitorOptions(format, monitor, reporter);
    checkOsPackages(env, section, reporter, problems);
    Optional<Path> template = template(env, section, options, problems);
    problems.throwIfAny();

    ImagePlan plan = new ImagePlanner(catalog, git, reporter, env::where).plan(section, options);
    if (section.depfile() && !plan.dialect().supportsDepfile()) {
      throw InvalidInputException.of(env.where("container.depfile"), "'spack env depfile' needs Spack 0.19 or "
          + "later; the image runs Spack " + plan.spackVersion().map(Object::toString).orElse("?"),
          monitor.enabled() ? "drop depfile: the monitor needs Spack 0.17 or 0.18" : "set depfile to false");
    }
    if (options.lastStage() == LastStage.BOOTSTRAP && plan.bootstrap().isEmpty()) {
      throw InvalidInputException.of("--last-stage", "this recipe has no bootstrap stage: the build stage starts "
          + "from " + plan.buildImage() + ", which already has Spack", "use --last-stage build");
    }

    String manifest = ContainerManifest.render(env.spack(), plan.dialect(), env::where, reporter, problems);
    problems.throwIfAny();
    if (manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_STEP_BYTES) {
      throw InvalidInputException.of(env.source(), "the environment is too large to embed in one build step "
          + "(Linux limits a command to 128 KiB)", "move package settings into files the build image provides");
    }

    if (monitor.enabled() && monitor.check()) {
      MonitorService.Server server = monitorService.check(monitor.host(), monitor.prefix());
      if (!server.host().equals(monitor.host()) || !server.prefix().equals(monitor.prefix())) {
        reporter.note("the Spack Monitor API moved to " + server.host() + "/" + server.prefix()
            + "/; the recipe uses the new location");
        monitor = monitor.withServer(server.host(), server.prefix());
      }
      reporter.info("Spack Monitor at " + monitor.serviceInfoUrl() + " is running"
          + (server.version().isEmpty() ? "" : " (version " + server.version() + ")"));
    }

    RecipeModel model = new RecipeModel(section, plan, monitor, options.lastStage(), manifest);
    String where = template.isPresent() ? env.where("container.template")
        : options.templateDir().map(d -> "--template-dir " + d).orElse("templates");
    TemplateRenderer renderer = new TemplateRenderer(options.templateDir().map(List::of).orElse(List.of()),
        template, where);
    String text = renderer.render(format, format == Format.DOCKER ? model.docker() : model.singularity());
    if (format == Format.SINGULARITY && monitor.needsCredentials() && options.lastStage() != LastStage.BOOTSTRAP) {
      reporter.note("singularity build reads " + monitor.secretsFile() + " (exporting SPACKMON_USER and "
          + "SPACKMON_TOKEN) relative to the folder it runs in; the file is removed from the build stage in %post");
    }
    return tidy(text);
  }

  private static void checkMonitorOptions(MonitorOptions m, Problems problems) {
    if (!m.enabled()) {
      return;
    }
    try {
      URI uri = new URI(m.host());
      if (uri.getRawUserInfo() != null) {
        // Written into the install step, a password would stay in the image history. Not repeated here.
        problems.add("--monitor-host", "contains credentials (user:password@); they would be written into the "
            + "recipe and the image", "give only the server URL; the credentials are SPACKMON_USER and "
            + "SPACKMON_TOKEN, passed as build secrets");
      } else if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null || m.host().endsWith("/")) {
        problems.add("--monitor-host", Shown.value(m.host()) + " is not an http(s) URL without a trailing slash",
            "write it like http://127.0.0.1 or https://monitor.example.org:8443");
      }
    } catch (URISyntaxException e) {
      problems.add("--monitor-host", (m.host().contains("@") ? "the value" : Shown.value(m.host()))
          + " is not a URL: " + e.getReason().replace(m.host(), "").strip());
    }
    if (m.prefix().isEmpty() || !m.prefix().matches("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
      problems.add("--monitor-prefix", Shown.value(m.prefix()) + " is not an API prefix (letters, digits, . _ ~ -, "
          + "parts separated by /)");
    }
    for (String t : m.tags()) {
      if (t.isBlank() || t.chars().anyMatch(c -> c < 0x20)) {
        problems.add("--monitor-tags", "tags must be non-empty and on one line");
        break;
      }
    }
  }

  private static void warnUnusedMonitorOptions(Format format, MonitorOptions m, Reporter reporter) {
    if (m.enabled() && m.saveLocal() && m.disableAuth()) {
      reporter.warning("--monitor-disable-auth", "has no effect with --monitor-save-local: nothing is sent");
    }
    if (m.enabled() && !m.secretsFile().equals(MonitorOptions.DEFAULT_SECRETS)
        && (format != Format.SINGULARITY || !m.needsCredentials())) {
      reporter.warning("--monitor-secrets", format != Format.SINGULARITY
          ? "only used for Singularity; Docker builds take the credentials as BuildKit secrets"
          : "not used: this build sends no credentials");
    }
  }

  private static void checkFormatSpecifics(SpackEnvironment env, ContainerSection section, Format format,
      MonitorOptions monitor, Problems problems) {
    if (format != Format.SINGULARITY) {
      return;
    }
    for (ContainerSection.Label l : section.labels()) {
      if (l.key().chars().anyMatch(Character::isWhitespace)) {
        problems.add(env.where("container.labels." + l.key()), "a Singularity label name cannot contain spaces");
      }
    }
    if (monitor.needsCredentials() && (monitor.secretsFile().isBlank()
        || monitor.secretsFile().chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20))) {
      problems.add("--monitor-secrets", Shown.value(monitor.secretsFile()) + " cannot be used in %files: "
          + "use a path without spaces");
    }
  }

  private static void checkOsPackages(SpackEnvironment env, ContainerSection section, Reporter reporter,
      Problems problems) {
    ContainerSection.OsPackages p = section.osPackages();
    boolean listed = !p.build().isEmpty() || !p.finalStage().isEmpty();
    if (section.images() instanceof CustomImages) {
      if (listed && p.command().isEmpty()) {
        problems.add(new Problem(env.where("container.os_packages"), "'command' is required to install OS "
            + "packages on custom images (images.build/final): the package manager cannot be guessed",
            "add command: one of " + String.join(", ", ContainerSectionParser.OS_PACKAGE_COMMANDS)));
      }
    } else if (p.command().isPresent()) {
      reporter.warning(env.where("container.os_packages.command"), "ignored: the OS image catalogue knows "
          + "the package manager of images.os");
    }
  }

  private static Optional<Path> template(SpackEnvironment env, ContainerSection section, RecipeOptions options,
      Problems problems) {
    if (options.templateDir().isPresent() && !Files.isDirectory(options.templateDir().get())) {
      problems.add("--template-dir", options.templateDir().get() + ": not a directory");
    }
    if (section.template().isEmpty() || section.template().get().isBlank()) {
      return Optional.empty();
    }
    String t = section.template().get();
    List<Path> candidates = new ArrayList<>();
    options.templateDir().ifPresent(d -> candidates.add(d.resolve(t)));
    candidates.add(options.spackYamlDir().resolve(t));
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return Optional.of(c.normalize());
      }
    }
    problems.add(env.where("container.template"), "no template file " + Shown.value(t) + " (looked in "
        + String.join(", ", candidates.stream().map(p -> p.getParent().toString()).toList()) + ")");
    return Optional.empty();
  }

  /** Exactly one newline at the end (templates may leave a trailing blank line). */
  static String tidy(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\n') {
      end--;
    }
    return text.substring(0, end) + "\n";
  }
}
