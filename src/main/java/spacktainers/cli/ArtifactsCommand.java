package spacktainers.cli;

import static spacktainers.cli.CatalogOptions.display;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import spacktainers.catalog.SiteSettings;
import spacktainers.common.InvalidInputException;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Problem;
import spacktainers.common.Problems;
import spacktainers.common.Reporter;
import spacktainers.common.SpacktainersException;
import spacktainers.gitlab.ArtifactGatherer;
import spacktainers.gitlab.GatherRequest;
import spacktainers.gitlab.GatheredArchive;
import spacktainers.gitlab.GitLabToken;
import spacktainers.gitlab.Gitlab4jGitLab;
import spacktainers.gitlab.RetryPolicy;
import spacktainers.gitlab.RetryingGitLab;
import spacktainers.gitlab.ZipLimits;

/** {@code spacktainers artifacts ...}: artifacts of child pipelines through the GitLab API. */
@Command(name = "artifacts", mixinStandardHelpOptions = true, description = "Artifacts of child pipelines, through the GitLab API.",
    subcommands = ArtifactsCommand.Gather.class)
public final class ArtifactsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Main.of(spec).context().out());
  }

  /** {@code artifacts gather}: parent pipeline -> bridge -> child pipeline -> jobs -> archives on disk. */
  @Command(name = "gather", sortOptions = false, mixinStandardHelpOptions = true,
      description = {
          "Downloads the artifacts of jobs in the child pipeline that a trigger job started.",
          "",
          "For each --job NAME and each --arch A, the archive of the job named 'NAME for A' goes to"
              + " <out>/<job-name-slug>.<A>.zip, checked, and with --extract into <out>/<job-name-slug>.<A>/."
              + " The token is read from the environment variable named by --token-variable (CI_JOB_TOKEN"
              + " when that is unset), never from the command line.",
          ""},
      footer = {"", "Exit codes: 0 success, 1 GitLab or the archive failed, 2 bad usage."})
  static final class Gather implements Callable<Integer> {
    static final List<String> DEFAULT_JOBS = List.of("process spack pipeline", "generate spacktainer jobs");
    static final String DEFAULT_TOKEN_VARIABLE = "GITLAB_API_TOKEN";
    static final String JOB_TOKEN_VARIABLE = "CI_JOB_TOKEN";
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Per read, not per download: a slow 5 GB download is fine, a stalled one is not. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    @Spec CommandSpec spec;

    @Option(names = "--pipeline", paramLabel = "ID",
        description = "The parent pipeline (default: $CI_PIPELINE_ID).")
    Long pipeline;

    @Option(names = "--bridge", paramLabel = "NAME",
        description = "The trigger job that started the child pipeline (default: pipelines.gather_bridge in the"
            + " site settings; required without it).")
    String bridge;

    @Option(names = "--job", paramLabel = "NAME",
        description = "A job name without ' for <arch>'; repeatable (default: pipelines.gather_jobs in the site"
            + " settings, else 'process spack pipeline' and 'generate spacktainer jobs').")
    List<String> jobs = new ArrayList<>();

    @Option(names = "--arch", paramLabel = "A",
        description = "An architecture; repeatable (default: every arch with a matching job).")
    List<String> arches = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = ".",
        description = "Folder for the archives (default: the current folder).")
    Path out;

    @Option(names = "--extract", description = "Also extract each archive into its own folder.")
    boolean extract;

    @Option(names = "--dotenv", paramLabel = "FILE",
        description = "Write '<arch>=yes' per architecture gathered (a GitLab dotenv report, <= 20 variables).")
    Path dotenv;

    @Option(names = "--project", paramLabel = "ID|PATH",
        description = "The parent pipeline's project, id or group/name path (default: $CI_PROJECT_ID).")
    String project;

    @Option(names = "--api-url", paramLabel = "URL",
        description = "GitLab's API root, e.g. https://gitlab.example.com/api/v4 (default: $CI_API_V4_URL).")
    String apiUrl;

    @Option(names = "--token-variable", paramLabel = "NAME", defaultValue = DEFAULT_TOKEN_VARIABLE,
        description = "Environment variable holding the access token (default: ${DEFAULT-VALUE}).")
    String tokenVariable;

    @Option(names = "--max-extracted-size", paramLabel = "SIZE", defaultValue = "8GiB",
        converter = Units.ByteSize.class,
        description = "Refuse an archive that expands to more than this (default: ${DEFAULT-VALUE}).")
    long maxExtractedSize;

    @Option(names = "--max-entries", paramLabel = "N", defaultValue = "100000",
        description = "Refuse an archive with more entries (default: ${DEFAULT-VALUE}).")
    int maxEntries;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
        description = "Retries of a request that failed with 429, 5xx or a broken connection (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-delay", paramLabel = "DURATION", defaultValue = "1s", converter = Units.TimeSpan.class,
        description = "First pause before a retry; doubles each time, at most 30s (default: ${DEFAULT-VALUE}).")
    Duration retryDelay;

    @Override
    public Integer call() {
      Main main = Main.of(spec);
      CliContext ctx = main.context();
      Reporter reporter = main.reporter();
      Problems problems = new Problems();
      Optional<URI> apiRoot = apiUrl(ctx, problems);
      GatherRequest request = request(main, problems);
      URI api = apiRoot.orElseThrow();
      GitLabToken token = token(ctx, reporter);
      try {
        Duration maxDelay = retryDelay.compareTo(MAX_RETRY_DELAY) > 0 ? retryDelay : MAX_RETRY_DELAY;
        Reporter safe = masking(reporter, token);
        List<GatheredArchive> gathered;
        try (Gitlab4jGitLab client = new Gitlab4jGitLab(api, token, CONNECT_TIMEOUT, READ_TIMEOUT)) {
          RetryingGitLab gitlab = RetryingGitLab.withRealClock(client, new RetryPolicy(retries, retryDelay, maxDelay),
              safe);
          gathered = new ArtifactGatherer(gitlab, token, api.toString(), retries, safe, Clock.systemUTC())
              .gather(request);
        }
        for (GatheredArchive a : gathered) {
          ctx.out().println(line(ctx, a));
        }
        ctx.out().flush();
        return 0;
      } catch (SpacktainersException e) {
        throw masked(e, token);
      }
    }

    private String line(CliContext ctx, GatheredArchive a) {
      return display(ctx, a.zip()) + "\t" + a.jobName() + " for " + a.arch() + "\tjob " + a.jobId() + "\t"
          + a.zipBytes() + " bytes\t" + a.entries() + " entries"
          + a.folder().map(f -> "\textracted to " + display(ctx, f) + "/").orElse("");
    }

    /** Checks every option at once; throws with all problems found (and those already in {@code problems}). */
    private GatherRequest request(Main main, Problems problems) {
      CliContext ctx = main.context();
      // The settings are read only for a default they supply, so a given --bridge and --job never need them.
      Optional<SiteSettings.Pipelines> site = (bridge == null || jobs.isEmpty())
          ? CatalogOptions.optionalSettings(main).map(SiteSettings::pipelines) : Optional.empty();
      String bridgeName = bridge != null ? bridge : site.flatMap(SiteSettings.Pipelines::gatherBridge).orElse(null);
      List<String> jobNames = !jobs.isEmpty() ? jobs
          : site.map(SiteSettings.Pipelines::gatherJobs).filter(j -> !j.isEmpty()).orElse(DEFAULT_JOBS);
      Long pipelineId = pipeline;
      if (pipelineId == null) {
        Optional<String> fromCi = ctx.env("CI_PIPELINE_ID");
        if (fromCi.isPresent() && fromCi.get().matches("[0-9]+")) {
          pipelineId = Long.valueOf(fromCi.get());
        } else {
          problems.add("--pipeline", "no pipeline given", "pass --pipeline ID, or run inside GitLab CI"
              + " (CI_PIPELINE_ID)");
        }
      } else if (pipelineId <= 0) {
        problems.add("--pipeline", "must be a positive pipeline id, not " + pipelineId);
      }
      if (bridgeName == null || bridgeName.isBlank()) {
        problems.add("--bridge", "no bridge given", "pass --bridge NAME: the trigger job (with 'trigger:') of"
            + " the pipeline that started the child pipeline" + (site.isPresent()
                ? ", or set pipelines.gather_bridge in the site settings" : ""));
      }
      String proj = project != null ? project : ctx.env("CI_PROJECT_ID").orElse(null);
      if (proj == null || proj.isBlank()) {
        problems.add("--project", "no project given", "pass --project ID|group/name, or run inside GitLab CI"
            + " (CI_PROJECT_ID)");
      }
      if (maxEntries <= 0) {
        problems.add("--max-entries", "must be positive");
      }
      if (maxExtractedSize <= 0) {
        problems.add("--max-extracted-size", "must be positive");
      }
      if (retries < 0 || retries > 20) {
        problems.add("--retries", "must be between 0 and 20");
      }
      for (String a : arches) {
        if (!a.matches("[A-Za-z0-9_][A-Za-z0-9_.+-]*")) {
          problems.add("--arch", "'" + a + "' cannot be part of a file name",
              "architectures are letters, digits, '_', '.', '+' and '-'");
        }
      }
      problems.throwIfAny();
      return new GatherRequest(proj.trim(), pipelineId, bridgeName, jobNames, arches, ctx.resolve(out), extract,
          new ZipLimits(maxExtractedSize, maxEntries), Optional.ofNullable(dotenv).map(ctx::resolve));
    }

    private Optional<URI> apiUrl(CliContext ctx, Problems problems) {
      String url = apiUrl != null ? apiUrl : ctx.env("CI_API_V4_URL").orElse(null);
      if (url == null || url.isBlank()) {
        problems.add("--api-url", "no GitLab API URL given",
            "pass --api-url https://gitlab.example.com/api/v4, or run inside GitLab CI (CI_API_V4_URL)");
        return Optional.empty();
      }
      try {
        URI uri = new URI(url.trim());
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
            || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
          throw new URISyntaxException(url, "not an http(s) URL with a host and without credentials or query");
        }
        return Optional.of(uri);
      } catch (URISyntaxException e) {
        problems.add("--api-url", "'" + url + "' is not a usable URL: " + e.getReason(),
            "example: https://gitlab.example.com/api/v4");
        return Optional.empty();
      }
    }

    /** The configured variable, else CI_JOB_TOKEN (accepted by GitLab for artifact downloads). */
    private GitLabToken token(CliContext ctx, Reporter reporter) {
      if (!tokenVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw InvalidInputException.of("--token-variable", "'" + tokenVariable
            + "' is not an environment variable name", "name the variable, e.g. --token-variable GITLAB_API_TOKEN");
      }
      Optional<String> value = ctx.env(tokenVariable).map(String::strip).filter(v -> !v.isEmpty());
      if (value.isPresent()) {
        GitLabToken.Kind kind = tokenVariable.equals(JOB_TOKEN_VARIABLE)
            ? GitLabToken.Kind.JOB_TOKEN : GitLabToken.Kind.ACCESS_TOKEN;
        return new GitLabToken(tokenVariable, kind, value.get());
      }
      Optional<String> job = ctx.env(JOB_TOKEN_VARIABLE).map(String::strip).filter(v -> !v.isEmpty());
      if (job.isPresent()) {
        reporter.warning("", tokenVariable + " is not set; using " + JOB_TOKEN_VARIABLE
            + ", which GitLab accepts for artifact downloads but usually not for listing pipeline jobs");
        return new GitLabToken(JOB_TOKEN_VARIABLE, GitLabToken.Kind.JOB_TOKEN, job.get());
      }
      throw InvalidInputException.of("--token-variable", "no GitLab token: the environment variable "
          + tokenVariable + " is not set (nor " + JOB_TOKEN_VARIABLE + ")",
          "store an access token with the read_api scope in the CI/CD variable " + tokenVariable
              + " (masked), or name another variable with --token-variable");
    }

    private static Reporter masking(Reporter reporter, GitLabToken token) {
      return new Reporter() {
        @Override
        public void warning(String where, String message) {
          reporter.warning(token.mask(where), token.mask(message));
        }

        @Override
        public void info(String message) {
          reporter.info(token.mask(message));
        }

        @Override
        public void progress(String message) {
          reporter.progress(token.mask(message));
        }
      };
    }

    /** Last line of defence: whatever the core or a library put into a message, the token is not shown. */
    private static SpacktainersException masked(SpacktainersException e, GitLabToken token) {
      List<Problem> problems = e.problems().stream()
          .map(p -> new Problem(token.mask(p.where()), token.mask(p.message()), token.mask(p.hint())))
          .toList();
      return e instanceof InvalidInputException ? new InvalidInputException(problems)
          : new OperationFailedException(problems);
    }
  }
}
