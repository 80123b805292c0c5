package spacktainers.pipeline;

/**
 * The GitLab limits a generated pipeline file must stay within, with GitLab's defaults. The site settings
 * file's {@code limits} replace them (an instance can raise {@code max_yaml_size_bytes}); the CLI options
 * override both.
 *
 * @param maxBytes largest child file written by {@code split}, on disk (our own bound: about a fifth of
 *     {@code maxParsedBytes}, as GitLab's parsed tree is some 5 times the YAML text)
 * @param maxParsedBytes GitLab's {@code max_yaml_size_bytes}: estimated parsed size of one file (2 MiB since 17.3)
 * @param maxJobs most jobs in one child file; 0 for no limit
 * @param maxNeeds most entries in one job's {@code needs} (GitLab: 50)
 * @param maxNeedsNameLength longest name of a job named in {@code needs} (GitLab: 128)
 * @param maxJobNameLength longest job name (GitLab: 255)
 * @param maxTriggerIncludes most files in one {@code trigger:include} (GitLab: 3)
 * @param maxDepth deepest nesting of the YAML (GitLab's {@code max_yaml_depth}: 100)
 */
public record PipelineLimits(long maxBytes, long maxParsedBytes, int maxJobs, int maxNeeds, int maxNeedsNameLength,
    int maxJobNameLength, int maxTriggerIncludes, int maxDepth) {
  public static final PipelineLimits GITLAB_DEFAULTS =
      new PipelineLimits(400_000, 2L << 20, 0, 50, 128, 255, 3, 100);

  public PipelineLimits {
    if (maxBytes < 1_000 || maxParsedBytes < 1_000) {
      throw new IllegalArgumentException("size limits below 1000 bytes cannot hold a job");
    }
    if (maxJobs < 0 || maxNeeds < 1 || maxNeedsNameLength < 16 || maxJobNameLength < maxNeedsNameLength
        || maxTriggerIncludes < 1 || maxDepth < 10) {
      throw new IllegalArgumentException("pipeline limits out of range");
    }
  }

  public PipelineLimits withMaxBytes(long v) {
    return new PipelineLimits(v, maxParsedBytes, maxJobs, maxNeeds, maxNeedsNameLength, maxJobNameLength,
        maxTriggerIncludes, maxDepth);
  }

  public PipelineLimits withMaxParsedBytes(long v) {
    return new PipelineLimits(maxBytes, v, maxJobs, maxNeeds, maxNeedsNameLength, maxJobNameLength,
        maxTriggerIncludes, maxDepth);
  }

  public PipelineLimits withMaxJobs(int v) {
    return new PipelineLimits(maxBytes, maxParsedBytes, v, maxNeeds, maxNeedsNameLength, maxJobNameLength,
        maxTriggerIncludes, maxDepth);
  }

  public PipelineLimits withMaxNeeds(int v) {
    return new PipelineLimits(maxBytes, maxParsedBytes, maxJobs, v, maxNeedsNameLength, maxJobNameLength,
        maxTriggerIncludes, maxDepth);
  }
}
