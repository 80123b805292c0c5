package spacktainers.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import spacktainers.buildcache.InventoryReader;
import spacktainers.buildcache.LockfileKeepSet;
import spacktainers.buildcache.PlanJson;
import spacktainers.buildcache.PlanText;
import spacktainers.buildcache.PruneExecutor;
import spacktainers.buildcache.PruneRules;
import spacktainers.buildcache.PruneRun;
import spacktainers.buildcache.PruneService;
import spacktainers.buildcache.S3BucketStore;
import spacktainers.buildcache.StoreException;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Problems;

/** {@code spacktainers cache ...}: Spack binary build caches in S3. */
@Command(name = "cache", description = "Spack binary build caches in S3.", mixinStandardHelpOptions = true,
    subcommands = {CacheCommand.Prune.class})
public final class CacheCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Main.of(spec).context().out());
  }

  /** {@code cache prune}: plan (default) or apply the deletion of what no lockfile needs. */
  @Command(name = "prune", sortOptions = false, mixinStandardHelpOptions = true,
      description = {
          "Prunes a Spack build cache (layouts v2 and v3) in an S3 bucket. Keeps every spec of the given "
              + "lockfiles and their dependencies; deletes specs older than --max-age, specs that depend on a "
              + "deleted spec, and orphans older than --orphan-grace; never anything modified after the run "
              + "started or after the layout's index.",
          "Without --apply only the plan is printed. Credentials come from the standard AWS chain "
              + "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, instance role), never "
              + "from arguments."},
      footer = {"", "Exit codes: 0 done (or plan printed), 1 objects left undeleted or a remote error, "
          + "2 bad usage or input.", "Rules and examples: docs/cache-prune.md"})
  public static final class Prune implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--bucket", paramLabel = "NAME", description = "The bucket (required unless --apply-plan).")
    String bucket;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "",
        description = "The mirror's folder in the bucket (the part before build_cache/ or v3/).")
    String prefix;

    @Option(names = "--endpoint", paramLabel = "URL",
        description = "S3-compatible endpoint (MinIO, Ceph, StorageGRID); default: AWS_ENDPOINT_URL_S3, "
            + "AWS_ENDPOINT_URL, else AWS.")
    String endpoint;

    @Option(names = "--region", paramLabel = "R",
        description = "Signing region; default: AWS_REGION or the AWS profile, else us-east-1 with --endpoint.")
    String region;

    @Option(names = "--path-style", negatable = true, fallbackValue = "true",
        description = "Path-style requests (host/bucket/key); default: on with an endpoint, off for AWS.")
    Boolean pathStyle;

    @Option(names = "--lock", paramLabel = "FILE", description = "A spack.lock whose specs are kept (repeatable).")
    List<Path> locks = new ArrayList<>();

    @Option(names = "--lock-dir", paramLabel = "DIR",
        description = "A folder searched recursively for files named *spack.lock (repeatable).")
    List<Path> lockDirs = new ArrayList<>();

    @Option(names = "--max-age", paramLabel = "DAYS", defaultValue = "30",
        description = "Delete specs in no lockfile that are older than this many days (default: ${DEFAULT-VALUE}).")
    int maxAgeDays;

    @Option(names = "--orphan-grace", paramLabel = "DURATION", defaultValue = "1d",
        description = "Leave incomplete specs and unreferenced blobs younger than this alone, e.g. 1d, 12h, 30m "
            + "(default: ${DEFAULT-VALUE}).")
    String orphanGrace;

    @Option(names = "--apply", description = "Delete, then rewrite the indexes. Without it: plan only.")
    boolean apply;

    @Option(names = "--plan-out", paramLabel = "FILE",
        description = "Also write the plan as JSON (written before anything is deleted).")
    Path planOut;

    @Option(names = "--apply-plan", paramLabel = "FILE",
        description = "Apply a plan saved with --plan-out as is; refused if its objects changed since.")
    Path applyPlan;

    @Option(names = "--json", description = "Print the plan (and what was applied) as JSON on stdout.")
    boolean json;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
        description = "DeleteObjects requests in flight at once, 1..16 (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Override
    public void run() {
      Main main = Main.of(spec);
      CliContext ctx = main.context();
      Problems problems = new Problems();
      validate(ctx, problems);
      problems.throwIfAny();

      Optional<PlanJson.SavedPlan> saved = Optional.ofNullable(applyPlan).map(p -> {
        Path file = ctx.resolve(p);
        return PlanJson.read(file.toString(), AtomicFiles.readString(file));
      });
      String theBucket = saved.map(PlanJson.SavedPlan::bucket).orElse(bucket);
      if (saved.isPresent()) {
        checkMatches("--bucket", bucket, saved.get().bucket());
        checkMatches("--prefix", prefix.isEmpty() ? null : InventoryReader.normalizePrefix(prefix),
            saved.get().prefix());
      }
      Set<String> keep = Set.of();
      int lockfiles = 0;
      if (saved.isEmpty()) {
        List<Path> files = LockfileKeepSet.collectFiles(
            locks.stream().map(ctx::resolve).toList(), lockDirs.stream().map(ctx::resolve).toList());
        keep = LockfileKeepSet.read(files);
        lockfiles = files.size();
        if (keep.isEmpty()) {
          throw InvalidInputException.of(files.size() == 1 ? files.get(0).toString() : "--lock",
              "the lockfiles name no specs, so nothing would be kept", "concretize the environments first");
        }
      }
      PruneRules rules = new PruneRules(Instant.now(), Duration.ofDays(maxAgeDays), parseDuration(orphanGrace));
      Optional<URI> endpointUri = endpoint(ctx);
      S3BucketStore.Settings settings = new S3BucketStore.Settings(theBucket, endpointUri,
          Optional.ofNullable(region).or(() -> ctx.env("AWS_REGION")).or(() -> ctx.env("AWS_DEFAULT_REGION")),
          pathStyle != null ? pathStyle : endpointUri.isPresent(), 4 * parallel + 8,
          S3BucketStore.retryStrategy(ctx.env("AWS_MAX_ATTEMPTS").map(Prune::attempts).orElse(10)));
      PruneExecutor.Settings exec = new PruneExecutor.Settings(PruneExecutor.MAX_BATCH, parallel, 3,
          Duration.ofSeconds(2));

      PruneRun run;
      try (S3BucketStore store = new S3BucketStore(settings, credentials(ctx))) {
        PruneService service = new PruneService(store, main.reporter(), exec, 16);
        if (saved.isPresent()) {
          run = service.applySaved(saved.get());
        } else {
          PruneService.Prepared prepared = service.plan(prefix, keep, lockfiles, rules);
          if (planOut != null) {
            AtomicFiles.writeString(ctx.resolve(planOut), PlanJson.write(prepared.run()));
          }
          run = apply ? service.apply(prepared) : prepared.run();
        }
      } catch (StoreException e) {
        throw new OperationFailedException("", e.getMessage(), hintFor(e.getMessage()), e);
      }
      ctx.out().print(json ? PlanJson.write(run) : PlanText.render(run));
      ctx.out().flush();
      run.applied().ifPresent(a -> {
        if (!a.ok()) {
          int left = a.outcome().failures().size();
          throw new OperationFailedException("", left > 0
              ? left + " planned objects were not deleted (see the report)"
              : "an index could not be rewritten (see the report)",
              "run the same command again: it picks up what is left", null);
        }
      });
    }

    private void validate(CliContext ctx, Problems problems) {
      if (applyPlan != null) {
        Map<String, Boolean> given = new java.util.LinkedHashMap<>();
        given.put("--lock", !locks.isEmpty());
        given.put("--lock-dir", !lockDirs.isEmpty());
        given.put("--apply", apply);
        given.put("--plan-out", planOut != null);
        for (Map.Entry<String, Boolean> e : given.entrySet()) {
          if (e.getValue()) {
            problems.add(e.getKey(), "cannot be combined with --apply-plan (the saved plan is applied as is)");
          }
        }
      } else {
        if (bucket == null) {
          problems.add("--bucket", "missing: name the bucket that holds the build cache");
        }
        if (locks.isEmpty() && lockDirs.isEmpty()) {
          problems.add("--lock", "no lockfile given: without a keep set every spec older than --max-age would go",
              "pass the spack.lock of every environment that uses this cache (--lock FILE or --lock-dir DIR)");
        }
      }
      if (bucket != null && !bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
        problems.add("--bucket", "'" + bucket + "' is not a valid bucket name (3-63 characters a-z, 0-9, '.', '-')");
      }
      if (maxAgeDays < 0) {
        problems.add("--max-age", "must be 0 or more days");
      }
      if (parallel < 1 || parallel > 16) {
        problems.add("--parallel", "must be between 1 and 16");
      }
      try {
        parseDuration(orphanGrace);
      } catch (IllegalArgumentException e) {
        problems.add("--orphan-grace", e.getMessage());
      }
      problems.collect(() -> endpoint(ctx));
      String key = ctx.env("AWS_ACCESS_KEY_ID").orElse("");
      String secret = ctx.env("AWS_SECRET_ACCESS_KEY").orElse("");
      if (key.isEmpty() != secret.isEmpty()) {
        problems.add(key.isEmpty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
            "not set, but " + (key.isEmpty() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") + " is",
            "set both, or neither to use a profile or role");
      }
    }

    private static void checkMatches(String option, String given, String saved) {
      if (given != null && !given.equals(saved)) {
        throw InvalidInputException.of(option, "'" + given + "' differs from the saved plan's '" + saved + "'");
      }
    }

    private Optional<URI> endpoint(CliContext ctx) {
      Optional<String> raw = Optional.ofNullable(endpoint).or(() -> ctx.env("AWS_ENDPOINT_URL_S3"))
          .or(() -> ctx.env("AWS_ENDPOINT_URL"));
      if (raw.isEmpty()) {
        return Optional.empty();
      }
      try {
        URI u = URI.create(raw.get());
        if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
          throw new IllegalArgumentException("no http(s) host");
        }
        return Optional.of(u);
      } catch (IllegalArgumentException e) {
        throw InvalidInputException.of("--endpoint", "'" + raw.get() + "' is not an http(s) URL",
            "e.g. --endpoint https://s3.example.org");
      }
    }

    /** The standard AWS chain, with the environment taken from the command's context. */
    private static AwsCredentialsProvider credentials(CliContext ctx) {
      Optional<String> key = ctx.env("AWS_ACCESS_KEY_ID");
      Optional<String> secret = ctx.env("AWS_SECRET_ACCESS_KEY");
      if (key.isPresent() && secret.isPresent()) {
        return StaticCredentialsProvider.create(ctx.env("AWS_SESSION_TOKEN")
            .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                t -> AwsSessionCredentials.create(key.get(), secret.get(), t))
            .orElseGet(() -> AwsBasicCredentials.create(key.get(), secret.get())));
      }
      Optional<String> profile = ctx.env("AWS_PROFILE");
      if (profile.isPresent()) {
        return ProfileCredentialsProvider.builder().profileName(profile.get()).build();
      }
      return DefaultCredentialsProvider.builder().build();
    }

    private static int attempts(String value) {
      try {
        int n = Integer.parseInt(value.strip());
        if (n >= 1 && n <= 100) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw InvalidInputException.of("AWS_MAX_ATTEMPTS", "'" + value + "' is not a number of attempts (1..100)");
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([dhm]?)");

    static Duration parseDuration(String s) {
      Matcher m = DURATION.matcher(s.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + s + "' is not a duration such as 1d, 12h or 30m");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofDays(n);
      };
    }

    private static String hintFor(String message) {
      if (message.contains("403") || message.contains("AccessDenied") || message.contains("credentials")
          || message.contains("InvalidAccessKeyId") || message.contains("SignatureDoesNotMatch")) {
        return "check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and the bucket policy";
      }
      if (message.contains("NoSuchBucket") || message.contains("404")) {
        return "check --bucket, --endpoint and --prefix";
      }
      return "";
    }
  }
}
