package spacktainers.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import spacktainers.catalog.Architecture;
import spacktainers.catalog.GitRef;
import spacktainers.catalog.SiteSettings;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Problem;
import spacktainers.common.Reporter;
import spacktainers.common.Shown;
import spacktainers.pipeline.ArchSettings;
import spacktainers.pipeline.ArchSettingsReader;
import spacktainers.pipeline.GitLabSchema;
import spacktainers.pipeline.PipelineChecker;
import spacktainers.pipeline.PipelineLimits;
import spacktainers.pipeline.SiteArchSettings;
import spacktainers.pipeline.SpackOutput;
import spacktainers.pipeline.SpackOutputReader;
import spacktainers.pipeline.SplitResult;
import spacktainers.pipeline.Splitter;
import spacktainers.yaml.YamlDocument;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/** {@code spacktainers pipeline check|split}: GitLab CI files checked, and Spack's output split into children. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "GitLab CI pipelines: schema and limit checks; spack ci generate output split into child pipelines.",
    subcommands = {PipelineCommand.Check.class, PipelineCommand.Split.class})
public final class PipelineCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Main.of(spec).context().out());
  }

  /** Limits shared by both subcommands; an option given wins over the site settings, which win over GitLab's. */
  static final class LimitOptions {
    @Option(names = "--max-parsed-bytes", paramLabel = "N",
        description = "GitLab's max_yaml_size_bytes, checked against the estimated parsed size (default: 2097152).")
    Long maxParsedBytes;

    @Option(names = "--max-needs", paramLabel = "N",
        description = "Most entries in one job's needs (default: the site settings' limits, else 50).")
    Integer maxNeeds;

    PipelineLimits apply(PipelineLimits base) {
      PipelineLimits l = base;
      if (maxParsedBytes != null) {
        atLeast("--max-parsed-bytes", maxParsedBytes, 1_000);
        l = l.withMaxParsedBytes(maxParsedBytes);
      }
      if (maxNeeds != null) {
        atLeast("--max-needs", maxNeeds, 1);
        l = l.withMaxNeeds(maxNeeds);
      }
      return l;
    }
  }

  /**
   * GitLab's limits, replaced by the site settings' {@code limits} when there is a settings file
   * ({@code --config}, or {@code spacktainers.yaml} in the root); without one, GitLab's defaults apply.
   */
  static PipelineLimits siteLimits(Main main, Optional<SiteSettings> settings) {
    if (settings.isEmpty()) {
      return PipelineLimits.GITLAB_DEFAULTS;
    }
    SiteSettings.Limits site = settings.get().limits();
    PipelineLimits gitlab = PipelineLimits.GITLAB_DEFAULTS;
    try {
      return new PipelineLimits(site.pipelineBytes(), gitlab.maxParsedBytes(), site.jobsPerPipeline(),
          site.needsPerJob(), site.neededJobNameLength(), site.jobNameLength(), gitlab.maxTriggerIncludes(),
          gitlab.maxDepth());
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(CatalogOptions.display(main.context(), settings.get().file()) + ": limits",
          e.getMessage());
    }
  }

  private static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw InvalidInputException.of(option, "must be at least " + min + ", not " + value);
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Checks GitLab CI files against GitLab's JSON schema (anchors and merge keys resolved first) and "
          + "against GitLab's limits: estimated parsed size, YAML depth, job-name length, needs per job and name "
          + "length of needed jobs, files per trigger:include, stage references, needs on jobs that exist in the "
          + "same file and do not run later, cycles.",
          "The parsed size is estimated from the alias-expanded document as the Ruby objects GitLab builds "
              + "(see docs/pipelines.md)."})
  static final class Check implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "GitLab CI files to check.")
    List<Path> files;

    @picocli.CommandLine.Mixin LimitOptions limits = new LimitOptions();

    @Override
    public void run() {
      Main main = Main.of(spec);
      CliContext ctx = main.context();
      PipelineChecker checker = new PipelineChecker(new GitLabSchema(),
          limits.apply(siteLimits(main, CatalogOptions.optionalSettings(main))));
      YamlReader reader = new YamlReader(YamlLimits.PIPELINE);
      List<Problem> problems = new ArrayList<>();
      for (Path file : files) {
        YamlDocument doc;
        try {
          doc = reader.read(ctx.resolve(file), file.toString());
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
          continue;
        }
        PipelineChecker.Report report = checker.check(doc);
        if (report.problems().isEmpty()) {
          ctx.out().println("ok: " + file + ": " + report.jobs() + " jobs, estimated parsed size "
              + report.parsedBytes() + " of " + checker.limits().maxParsedBytes() + " bytes");
        }
        problems.addAll(report.problems());
      }
      ctx.out().flush();
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
    }
  }

  @Command(name = "split", mixinStandardHelpOptions = true,
      description = {"Merges every spack ci generate output below --in, de-duplicates specs across containers, and "
          + "writes child pipelines that each stay within GitLab's limits plus a trigger pipeline (pipeline.yml) "
          + "that runs them in order. Prints one summary line with the number of unique specs to rebuild.",
          "Layout: OUT/pipeline.yml, OUT/spack-ARCH-NN.yml, OUT/spack-ARCH-finish.yml (see docs/pipelines.md)."})
  static final class Split implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "A", description = "Architecture (names files and jobs).")
    String arch;

    @Option(names = "--in", required = true, paramLabel = "DIR",
        description = "Folder with spack ci generate output (*.yml, *.yaml at any depth).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the pipeline files.")
    Path out;

    @Option(names = "--max-bytes", paramLabel = "N",
        description = "Largest child file on disk, in bytes (default: the site settings' limits, else 400000).")
    Long maxBytes;

    @Option(names = "--max-jobs", paramLabel = "N",
        description = "Most jobs in one child pipeline; 0 for no limit (default: the site settings' limits, "
            + "else 0).")
    Integer maxJobs;

    @picocli.CommandLine.Mixin LimitOptions limits = new LimitOptions();

    @Option(names = "--artifact-path", paramLabel = "PATH",
        description = "The output folder as GitLab sees it, relative to $CI_PROJECT_DIR (default: --out).")
    String artifactPath;

    @Option(names = "--source-job", paramLabel = "NAME",
        description = "The parent-pipeline job that runs split and keeps --out as artifacts (default: $CI_JOB_NAME).")
    String sourceJob;

    @Option(names = "--source-pipeline", paramLabel = "ID",
        description = "That job's pipeline id (default: $CI_PIPELINE_ID, else the variable $PARENT_PIPELINE_ID).")
    String sourcePipeline;

    @Option(names = "--arch-settings", paramLabel = "FILE",
        description = "YAML file of per-architecture runner tags, variables and mirrors; replaces what the site "
            + "settings say about --arch (see docs/pipelines.md).")
    Path archSettings;

    @Option(names = "--ref", paramLabel = "NAME",
        description = "Git ref the build cache is chosen for: the default branch writes to build_cache.bucket, "
            + "other refs to branch_bucket when set (default: $CI_COMMIT_REF_NAME, else the default branch).")
    String ref;

    @Override
    public void run() {
      Main main = Main.of(spec);
      CliContext ctx = main.context();
      Reporter reporter = main.reporter();
      Path inDir = ctx.resolve(in);
      Path outDir = ctx.resolve(out);
      Optional<SiteSettings> site = CatalogOptions.optionalSettings(main);
      PipelineLimits limits = this.limits.apply(siteLimits(main, site));
      if (maxBytes != null) {
        atLeast("--max-bytes", maxBytes, 1_000);
        limits = limits.withMaxBytes(maxBytes);
      }
      if (maxJobs != null) {
        atLeast("--max-jobs", maxJobs, 0);
        limits = limits.withMaxJobs(maxJobs);
      }
      ArchSettings settings = archSettings(main, site);
      Splitter.Options options = new Splitter.Options(arch, limits, artifactPath(ctx, outDir),
          Optional.ofNullable(sourceJob).or(() -> ctx.env("CI_JOB_NAME")).orElse(""),
          Optional.ofNullable(sourcePipeline).or(() -> ctx.env("CI_PIPELINE_ID")).orElse("$PARENT_PIPELINE_ID"),
          settings);

      List<SpackOutput> inputs = read(inDir, in, outDir, reporter);
      SplitResult result = Splitter.split(inputs, options);
      result.stats().renamed().forEach(r -> reporter.info("renamed (name too long for needs): " + r));
      write(outDir, result);
      SplitResult.Stats s = result.stats();
      int children = result.children().size();
      ctx.out().println("split: " + count(s.uniqueSpecs(), "unique spec") + " to rebuild ("
          + count(s.buildJobs(), "build job") + " in " + count(s.inputFiles(), "file") + ", "
          + count(s.duplicates(), "duplicate") + ", " + count(s.noopFiles(), "no-op file") + ") -> "
          + (children == 0 ? "no-op pipeline" : count(children, "child pipeline")) + " in "
          + outDir.resolve(Splitter.TRIGGER_FILE));
      ctx.out().flush();
    }

    /**
     * {@code --arch-settings} when given; else the site settings' {@code architectures.<arch>} when there is a
     * settings file (an architecture it does not know is an error there); else nothing.
     */
    private ArchSettings archSettings(Main main, Optional<SiteSettings> site) {
      CliContext ctx = main.context();
      if (archSettings != null) {
        return ArchSettingsReader.read(new YamlReader(YamlLimits.DOCUMENT).read(ctx.resolve(archSettings),
            archSettings.toString()), arch)
            .orElseGet(() -> {
              main.reporter().info(archSettings + " has no settings for " + arch + "; jobs stay as Spack made them");
              return ArchSettings.NONE;
            });
      }
      if (site.isEmpty()) {
        return ArchSettings.NONE;
      }
      SiteSettings settings = site.get();
      Optional<SiteSettings.ArchSettings> entry = Architecture.of(arch).flatMap(settings::arch);
      if (entry.isEmpty()) {
        String known = settings.architectures().keySet().stream().map(Architecture::id).sorted()
            .reduce((a, b) -> a + ", " + b).orElse("none");
        String key = "architectures." + (arch.matches("[A-Za-z0-9_-]+") ? arch : Shown.value(arch));
        throw InvalidInputException.of(CatalogOptions.display(ctx, settings.file()) + ": " + key,
            "no settings for architecture " + Shown.value(arch) + " (the file has: " + known + ")",
            Architecture.of(arch).isEmpty() ? "supported architectures: " + Architecture.supported()
                : "add " + key + " to the settings, or pass --arch-settings FILE");
      }
      GitRef gitRef = CatalogOptions.gitRef(main, settings, ref);
      return SiteArchSettings.of(entry.get(), gitRef.isDefault());
    }

    private static String count(int n, String noun) {
      return n + " " + noun + (n == 1 ? "" : "s");
    }

    private String artifactPath(CliContext ctx, Path outDir) {
      if (artifactPath != null) {
        return artifactPath;
      }
      Path base = ctx.env("CI_PROJECT_DIR").map(Path::of).orElse(ctx.workingDir());
      if (!out.isAbsolute()) {
        return out.normalize().toString().replace('\\', '/');
      }
      if (outDir.startsWith(base)) {
        return base.relativize(outDir).toString().replace('\\', '/');
      }
      throw InvalidInputException.of("--out", "'" + out + "' is outside the project folder, so GitLab cannot "
          + "publish it as an artifact", "give --artifact-path, the folder as GitLab sees it");
    }

    /** Reads every input; files are named in messages as the user would open them: --in as given, then the rest. */
    private static List<SpackOutput> read(Path inDir, Path given, Path outDir, Reporter reporter) {
      SpackOutputReader reader = new SpackOutputReader();
      List<Problem> problems = new ArrayList<>();
      List<SpackOutput> inputs = new ArrayList<>();
      for (Path file : SpackOutputReader.find(inDir)) {
        if (file.startsWith(outDir)) {
          continue; // an earlier split's output inside --in is not Spack's
        }
        String name = given.resolve(inDir.relativize(file)).toString().replace('\\', '/');
        try {
          inputs.add(reader.read(file, name));
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      if (inputs.isEmpty()) {
        reporter.warning(given.toString(), "no pipeline files found; writing a no-op pipeline");
      }
      return inputs;
    }

    /** Writes every file atomically, then removes files of an earlier split that this one did not write. */
    private void write(Path outDir, SplitResult result) {
      if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
        throw InvalidInputException.of(outDir.toString(), "--out exists and is not a directory");
      }
      Set<String> written = new HashSet<>();
      for (SplitResult.PipelineFile f : result.all()) {
        AtomicFiles.writeString(outDir.resolve(f.fileName()), f.yaml());
        written.add(f.fileName());
      }
      String prefix = "spack-" + arch + "-";
      try (DirectoryStream<Path> stale = Files.newDirectoryStream(outDir, prefix + "*.yml")) {
        for (Path p : stale) {
          if (!written.contains(p.getFileName().toString())) {
            Files.delete(p);
          }
        }
      } catch (IOException e) {
        throw new OperationFailedException(outDir.toString(), "cannot remove old child pipelines: "
            + AtomicFiles.describe(e), e);
      }
    }
  }
}
