package spacktainers.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import spacktainers.common.AtomicFiles;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Reporter;

/**
 * Walks parent pipeline -> bridge -> downstream pipeline -> jobs and brings each requested job's
 * artifacts archive to disk: streamed to a temporary file (constant memory whatever the size),
 * checked entry by entry, optionally extracted into its own folder, and only then moved into place.
 * A failed run leaves no half-written archive, folder or report behind.
 */
public final class ArtifactGatherer {
  private static final int BUFFER = 64 * 1024;
  private static final long PROGRESS_EVERY = 64L << 20;

  private final GitLab gitlab;
  private final GitLabErrors errors;
  private final Reporter reporter;
  private final Clock clock;

  public ArtifactGatherer(GitLab gitlab, GitLabToken token, String apiUrl, int retries, Reporter reporter,
      Clock clock) {
    this.gitlab = Objects.requireNonNull(gitlab, "gitlab");
    this.errors = new GitLabErrors(token, apiUrl, retries);
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public List<GatheredArchive> gather(GatherRequest request) {
    request.dotenv().ifPresent(f -> {
      if (!request.arches().isEmpty()) {
        DotenvReport.check(request.arches(), "--dotenv " + f);
      }
    });
    checkNamesDistinct(request.jobNames());

    String parent = "pipeline " + request.pipelineId() + " of project " + request.project();
    List<Bridge> bridges;
    try {
      bridges = gitlab.bridges(request.project(), request.pipelineId());
    } catch (GitLabException e) {
      throw errors.explain(e, parent, "list its trigger jobs",
          "pipeline " + request.pipelineId() + " not found in project " + request.project(), true);
    }
    Bridge bridge = ArtifactSelection.bridge(bridges, request.bridgeName(), request.pipelineId());
    Bridge.Downstream down = bridge.downstream().orElseThrow();
    String childProject = down.projectId().map(String::valueOf).orElse(request.project());
    reporter.info("bridge '" + bridge.name() + "' (id " + bridge.id() + ") started pipeline " + down.pipelineId()
        + " of project " + childProject + " (status " + down.status() + ")");

    List<PipelineJob> jobs;
    try {
      jobs = gitlab.jobs(childProject, down.pipelineId());
    } catch (GitLabException e) {
      throw errors.explain(e, "downstream pipeline " + down.pipelineId() + " of bridge '" + bridge.name() + "'",
          "list its jobs", "pipeline " + down.pipelineId() + " not found in project " + childProject, true);
    }
    List<ArtifactSelection.Target> targets = ArtifactSelection.targets(jobs, request.jobNames(),
        request.arches(), down.pipelineId(), clock.instant());
    Set<String> arches = new TreeSet<>();
    targets.forEach(t -> arches.add(t.arch()));
    request.dotenv().ifPresent(f -> DotenvReport.check(arches, "--dotenv " + f));

    Path out = request.outDir();
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new OperationFailedException(out.toString(), "cannot create folder: " + AtomicFiles.describe(e), e);
    }
    List<GatheredArchive> gathered = new ArrayList<>();
    for (ArtifactSelection.Target t : targets) {
      gathered.add(fetch(childProject, t, request));
    }
    request.dotenv().ifPresent(f -> AtomicFiles.writeString(f, DotenvReport.render(arches)));
    return List.copyOf(gathered);
  }

  private GatheredArchive fetch(String project, ArtifactSelection.Target t, GatherRequest request) {
    Path out = request.outDir();
    Path zip = out.resolve(t.baseName() + ".zip");
    String where = "job '" + t.fullName() + "' (id " + t.job().id() + ")";
    Path part = tempFile(out, "." + t.baseName() + ".zip.", ".part");
    Path tmpDir = null;
    try {
      long bytes = download(project, t, part, where);
      long expected = t.job().archiveSize().orElse(0L);
      if (expected > 0 && bytes != expected) {
        throw new OperationFailedException(where, "GitLab lists its archive as " + expected + " bytes, but "
            + bytes + " bytes arrived", "run again; if it persists, the archive on GitLab is damaged", null);
      }
      String name = zip.getFileName().toString();
      SafeZip.Summary summary;
      Optional<Path> folder = Optional.empty();
      if (request.extract()) {
        tmpDir = tempDirName(out, "." + t.baseName() + ".extracting.");
        summary = SafeZip.extract(part, name, tmpDir, request.limits());
        Path dir = out.resolve(t.baseName());
        SafeZip.deleteTree(dir);
        move(tmpDir, dir);
        tmpDir = null;
        folder = Optional.of(dir);
      } else {
        summary = SafeZip.verify(part, name, request.limits());
      }
      move(part, zip);
      reporter.info(zip + ": " + bytes + " bytes, " + summary.entries() + " entries"
          + folder.map(f -> ", extracted into " + f).orElse(""));
      return new GatheredArchive(t.jobName(), t.arch(), t.job().id(), zip, bytes, folder, summary.entries(),
          summary.bytes());
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a dot-named leftover is harmless
      }
      if (tmpDir != null) {
        SafeZip.deleteTree(tmpDir);
      }
    }
  }

  private long download(String project, ArtifactSelection.Target t, Path part, String where) {
    long[] written = {0};
    try {
      gitlab.downloadArtifacts(project, t.job().id(), body -> {
        written[0] = 0;
        try (OutputStream os = Files.newOutputStream(part, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
          copy(body, os, written, t.fullName());
        }
      });
    } catch (GitLabException e) {
      String notFound = t.job().artifactsExpireAt().filter(x -> !x.isAfter(clock.instant()))
          .map(x -> "its artifacts expired at " + x)
          .orElse("GitLab has no artifacts archive for it: it was deleted or has expired");
      throw errors.explain(e, where, "download its artifacts", notFound, false);
    } catch (UncheckedIOException e) {
      throw new OperationFailedException(part.getParent().toString(),
          "cannot write the download: " + AtomicFiles.describe(e.getCause()), e);
    }
    return written[0];
  }

  private void copy(InputStream in, OutputStream os, long[] written, String what) throws IOException {
    byte[] buf = new byte[BUFFER];
    long nextReport = PROGRESS_EVERY;
    int n;
    while ((n = in.read(buf)) > 0) {
      os.write(buf, 0, n);
      written[0] += n;
      if (written[0] >= nextReport) {
        reporter.progress("downloading '" + what + "': " + (written[0] >> 20) + " MiB");
        nextReport += PROGRESS_EVERY;
      }
    }
  }

  private static void checkNamesDistinct(List<String> jobNames) {
    Set<String> slugs = new TreeSet<>();
    for (String name : jobNames) {
      String slug;
      try {
        slug = ArtifactSelection.slug(name);
      } catch (IllegalArgumentException e) {
        throw spacktainers.common.InvalidInputException.of("--job", e.getMessage());
      }
      if (!slugs.add(slug)) {
        throw spacktainers.common.InvalidInputException.of("--job", "two job names give the same file name '"
            + slug + "'", "give each --job once, with names that differ in letters or digits");
      }
    }
  }

  private static Path tempFile(Path dir, String prefix, String suffix) {
    try {
      return Files.createTempFile(dir, prefix, suffix);
    } catch (IOException e) {
      throw new OperationFailedException(dir.toString(), "cannot write: " + AtomicFiles.describe(e), e);
    }
  }

  private static Path tempDirName(Path dir, String prefix) {
    for (int i = 0; ; i++) {
      Path p = dir.resolve(prefix + ProcessHandle.current().pid() + "." + i);
      if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
    }
  }

  private static void move(Path from, Path to) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new OperationFailedException(to.toString(), "cannot write: " + AtomicFiles.describe(e), e);
    }
  }
}
