package spacktainers.cli;

import static spacktainers.cli.CatalogOptions.display;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problems;
import spacktainers.recipe.Containerizer;
import spacktainers.recipe.Format;
import spacktainers.recipe.GitCliRemote;
import spacktainers.recipe.HttpMonitorService;
import spacktainers.recipe.LastStage;
import spacktainers.recipe.MonitorOptions;
import spacktainers.recipe.RecipeOptions;
import spacktainers.spack.OsImage;
import spacktainers.spack.OsImageCatalog;
import spacktainers.spack.SpackEnvironment;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/** {@code spacktainers containerize}: a Spack environment -> Dockerfile or Singularity definition. */
@Command(name = "containerize", sortOptions = false,
    description = {"Write a Dockerfile or Singularity definition file that builds a Spack environment.",
        "The recipe goes to stdout, or to -o FILE (written atomically; nothing is written on error)."},
    footer = {"", "Examples:",
        "  spacktainers containerize > Dockerfile",
        "  spacktainers containerize --monitor examples/monitor > Dockerfile",
        "  spacktainers containerize --format singularity -o app.def envs/app",
        "", "Reference: docs/containerize.md"})
public final class ContainerizeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE",
      description = "The environment: a spack.yaml, or a folder containing one (default: the current folder).")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the recipe to FILE instead of stdout.")
  Path output;

  @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class, description = "docker or singularity (overrides container.format).")
  Format format;

  @Option(names = "--last-stage", paramLabel = "STAGE", converter = LastStageConverter.class,
      description = "Stop after this stage: bootstrap, build or final (default).")
  LastStage lastStage = LastStage.FINAL;

  @Option(names = "--list-os", description = "List the OS images usable as container.images.os, and exit.")
  boolean listOs;

  @Option(names = "--spack-version", paramLabel = "VERSION",
      description = {"The Spack release the image runs, where spack.yaml does not say (custom images, a branch "
          + "or commit ref, or no images section). It decides the spack.yaml dialect and the monitor flags."})
  String spackVersion;

  @Option(names = "--template-dir", paramLabel = "DIR",
      description = "Templates here replace the stock ones of the same name (docker.mustache, docker-build.mustache, ...).")
  Path templateDir;

  @Option(names = "--monitor", description = "Report the build to a Spack Monitor server (pins Spack 0.18.1 unless the file names a Spack).")
  boolean monitor;

  @Option(names = "--monitor-host", paramLabel = "URL", description = "Monitor server (default: ${DEFAULT-VALUE}).")
  String monitorHost = MonitorOptions.DEFAULT_HOST;

  @Option(names = "--monitor-prefix", paramLabel = "PREFIX", description = "Monitor API prefix (default: ${DEFAULT-VALUE}).")
  String monitorPrefix = MonitorOptions.DEFAULT_PREFIX;

  @Option(names = "--monitor-tags", paramLabel = "TAG", split = ",", description = "Tags for the build, comma-separated.")
  List<String> monitorTags = new ArrayList<>();

  @Option(names = "--monitor-keep-going", description = "Ask Spack to keep building when a monitor request fails.")
  boolean monitorKeepGoing;

  @Option(names = "--monitor-disable-auth", description = "The server needs no credentials (pins Spack 0.17.3: only 0.17 supports it).")
  boolean monitorDisableAuth;

  @Option(names = "--monitor-save-local", description = "Record results in the image (" + MonitorOptions.SAVE_LOCAL_DIR
      + ") for a later 'spack monitor upload'; no server, no credentials.")
  boolean monitorSaveLocal;

  @Option(names = "--monitor-secrets", paramLabel = "FILE",
      description = "Singularity: the file exporting SPACKMON_USER and SPACKMON_TOKEN (default: ${DEFAULT-VALUE}, next to the recipe).")
  String monitorSecrets = MonitorOptions.DEFAULT_SECRETS;

  @Option(names = "--monitor-check", description = "Check the server's service-info endpoint first; adopt a moved prefix.")
  boolean monitorCheck;

  @Override
  public void run() {
    Main main = Main.of(spec);
    CliContext ctx = main.context();
    OsImageCatalog catalog = OsImageCatalog.bundled();
    if (listOs) {
      listOs(ctx, catalog);
      return;
    }
    MonitorOptions monitorOptions = monitorOptions();
    Path file = spackYaml(ctx);
    if (output != null && ctx.resolve(output).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
      throw InvalidInputException.of("--output", display(ctx, file) + " is the environment being read; "
          + "writing the recipe there would replace it", "name another file, e.g. -o Dockerfile");
    }
    SpackEnvironment env = SpackEnvironment.of(new YamlReader(YamlLimits.DOCUMENT).read(file, display(ctx, file)));
    RecipeOptions options = new RecipeOptions(Optional.ofNullable(format), lastStage, Optional.ofNullable(spackVersion),
        Optional.ofNullable(templateDir).map(ctx::resolve), file.getParent(), monitorOptions);
    Containerizer containerizer = new Containerizer(catalog, new GitCliRemote(), new HttpMonitorService());
    String recipe = containerizer.generate(env, options, main.reporter());
    if (output != null) {
      AtomicFiles.writeString(ctx.resolve(output), recipe);
    } else {
      ctx.out().print(recipe);
      ctx.out().flush();
    }
  }

  private MonitorOptions monitorOptions() {
    Problems problems = new Problems();
    if (!monitor) {
      var pr = spec.commandLine().getParseResult();
      for (String name : List.of("--monitor-host", "--monitor-prefix", "--monitor-tags", "--monitor-keep-going",
          "--monitor-disable-auth", "--monitor-save-local", "--monitor-secrets", "--monitor-check")) {
        if (pr.hasMatchedOption(name)) {
          problems.add(name, "only makes sense with --monitor", "add --monitor");
        }
      }
      problems.throwIfAny();
      return MonitorOptions.off();
    }
    List<String> tags = monitorTags.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    return new MonitorOptions(true, monitorHost, monitorPrefix, tags, monitorKeepGoing, monitorDisableAuth,
        monitorSaveLocal, monitorSecrets, monitorCheck);
  }

  private Path spackYaml(CliContext ctx) {
    if (input == null) {
      Path f = ctx.workingDir().resolve("spack.yaml");
      if (!Files.isRegularFile(f)) {
        throw InvalidInputException.of("spack.yaml", "not found in the current folder",
            "run in the environment's folder, or name it: spacktainers containerize DIR|FILE");
      }
      return f;
    }
    Path p = ctx.resolve(input);
    if (Files.isDirectory(p)) {
      Path f = p.resolve("spack.yaml");
      if (!Files.isRegularFile(f)) {
        throw InvalidInputException.of(display(ctx, p), "no spack.yaml in this folder");
      }
      return f;
    }
    if (!Files.exists(p)) {
      throw InvalidInputException.of(display(ctx, p), "no such file or folder");
    }
    return p;
  }

  private static void listOs(CliContext ctx, OsImageCatalog catalog) {
    String fmt = "%-20s %-11s %-7s %-22s %s%n";
    ctx.out().printf(fmt, "OS", "MANAGER", "PYTHON", "SPACK IMAGE", "FINAL IMAGE");
    for (OsImage os : catalog.all()) {
      ctx.out().printf(fmt, os.key(), os.manager().name(), os.python(),
          os.spackImage().map(i -> i.name()).orElse("(bootstrap)"), os.finalImage());
    }
    ctx.out().flush();
  }

  /** Lower-case values, and a message listing them as users type them. */
  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return byName(Format.values(), value);
    }
  }

  static final class LastStageConverter implements ITypeConverter<LastStage> {
    @Override
    public LastStage convert(String value) {
      return byName(LastStage.values(), value);
    }
  }

  private static <E extends Enum<E>> E byName(E[] values, String value) {
    for (E v : values) {
      if (v.toString().equals(value)) {
        return v;
      }
    }
    throw new TypeConversionException("'" + value + "' is not one of: "
        + String.join(", ", java.util.Arrays.stream(values).map(Object::toString).toList()));
  }
}
