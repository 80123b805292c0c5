package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything site-specific, read from {@code spacktainers.yaml} (see {@code docs/definitions.md} for
 * the file format). Credentials appear only as the names of the CI variables that hold them.
 *
 * @param file the settings file, for messages
 * @param defaultBranch the branch whose builds are published with plain version tags
 * @param registry where container and base images are pushed
 * @param sif the bucket that receives SIF files, if the site builds them
 * @param baseImages builder, runtime and (with SIF files or custom containers) singularity images
 * @param architectures per-architecture settings; a definitions folder without an entry here is an error
 * @param environment the template merged into every Spack definition
 * @param limits the GitLab limits generated pipelines must respect
 * @param pipelines names of the jobs in the site's CI flow that commands look for
 */
public record SiteSettings(Path file, String defaultBranch, Registry registry, Optional<Bucket> sif,
    Map<BaseImageRole, BaseImage> baseImages, Map<Architecture, ArchSettings> architectures,
    EnvironmentTemplate environment, Limits limits, Pipelines pipelines) {

  public SiteSettings {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(defaultBranch, "defaultBranch");
    baseImages = Map.copyOf(baseImages);
    architectures = Map.copyOf(architectures);
    Objects.requireNonNull(pipelines, "pipelines");
  }

  public Optional<ArchSettings> arch(Architecture arch) {
    return Optional.ofNullable(architectures.get(arch));
  }

  public Optional<BaseImage> baseImage(BaseImageRole role) {
    return Optional.ofNullable(baseImages.get(role));
  }

  /** The container registry and the credentials' variable names. */
  public record Registry(String host, String namespace, String userVariable, String passwordVariable) {
    /** {@code host/namespace/name}: the repository of an image. */
    public String repository(String name) {
      return host + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
  }

  /**
   * An S3 bucket. {@code branchBucket} receives what non-default branches produce, when the site keeps
   * them apart.
   */
  public record Bucket(String bucket, Optional<String> branchBucket, String prefix, Optional<String> endpoint,
      String accessKeyVariable, String secretKeyVariable) {
    public String bucketFor(boolean defaultBranch) {
      return defaultBranch ? bucket : branchBucket.orElse(bucket);
    }
  }

  /** A build cache: its bucket plus how old an entry may get before pruning. */
  public record BuildCache(Bucket bucket, int maxAgeDays, int branchMaxAgeDays) {
    public int maxAgeDays(boolean defaultBranch) {
      return defaultBranch ? maxAgeDays : branchMaxAgeDays;
    }
  }

  /**
   * One architecture.
   *
   * @param runnerTags GitLab runner tags for its jobs
   * @param baseArch the Spack constraint substituted for {@code %BASE_ARCH%}
   * @param target the Spack target named in {@code baseArch}, if any ({@code %TARGET%})
   * @param tagSuffix whether image tags carry {@code -<arch>}; at most one architecture may go without
   * @param proxy whether jobs keep the runner's proxy variables or unset them
   * @param variables extra job variables (values are not secrets)
   */
  public record ArchSettings(Architecture arch, List<String> runnerTags, String baseArch, Optional<String> target,
      boolean tagSuffix, Proxy proxy, BuildCache buildCache, Map<String, String> variables) {
    public ArchSettings {
      runnerTags = List.copyOf(runnerTags);
      variables = Map.copyOf(variables);
    }
  }

  /** What jobs of an architecture do with {@code http_proxy} and friends. */
  public enum Proxy {
    KEEP("keep"), UNSET("unset");

    private final String id;

    Proxy(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** A base image the spacktainers build on. */
  public enum BaseImageRole {
    BUILDER("builder"), RUNTIME("runtime"), SINGULARITY("singularity");

    private final String id;

    BaseImageRole(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * A base image built from a folder of the repository.
   *
   * @param name the image name under the registry namespace
   * @param folder the build folder, relative to the repository root
   * @param buildArgs build arguments (not secrets); part of the image's content key
   */
  public record BaseImage(BaseImageRole role, String name, Path folder, Map<String, String> buildArgs) {
    public BaseImage {
      buildArgs = Map.copyOf(buildArgs);
    }
  }

  /**
   * The environment template: {@code common} goes into both environments, {@code cache} only into the
   * cache-population environment, {@code container} only into the container's. Each is the content of
   * a {@code spack:} mapping.
   */
  public record EnvironmentTemplate(JsonNode common, JsonNode cache, JsonNode container) {}

  /**
   * GitLab limits for generated pipelines (defaults are GitLab's own defaults).
   *
   * @param pipelineBytes largest generated pipeline file; GitLab limits parsed memory (2 MB), about 5x the text
   * @param jobsPerPipeline most jobs in one pipeline, 0 for no limit
   * @param needsPerJob most entries in one job's {@code needs}
   * @param jobNameLength longest job name
   * @param neededJobNameLength longest name of a job that another job {@code needs}
   */
  public record Limits(int pipelineBytes, int jobsPerPipeline, int needsPerJob, int jobNameLength,
      int neededJobNameLength) {
    public static final Limits GITLAB_DEFAULTS = new Limits(400_000, 0, 50, 255, 128);
  }

  /**
   * Job names of the site's CI flow ({@code pipelines:}), the defaults of {@code artifacts gather}.
   *
   * @param gatherBridge the trigger job whose child pipeline holds the jobs to gather ({@code --bridge})
   * @param gatherJobs the jobs gathered from it, without the {@code " for <arch>"} suffix ({@code --job});
   *     empty for the command's own default
   */
  public record Pipelines(Optional<String> gatherBridge, List<String> gatherJobs) {
    public static final Pipelines NONE = new Pipelines(Optional.empty(), List.of());

    public Pipelines {
      Objects.requireNonNull(gatherBridge, "gatherBridge");
      gatherJobs = List.copyOf(gatherJobs);
    }
  }
}
