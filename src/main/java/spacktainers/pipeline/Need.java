package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a job's {@code needs}: a job of the same pipeline ({@code "name"} or
 * {@code {job, artifacts, optional}}), a job of another pipeline of the same hierarchy
 * ({@code {pipeline, job}}, as Spack writes for its generate job) or of another project
 * ({@code {project, job, ref}}, kept in {@code other}).
 *
 * @param job the needed job's name
 * @param pipeline the pipeline id (often a CI variable) for a cross-pipeline need
 * @param artifacts whether to download the needed job's artifacts, when given
 * @param optional whether the need may be missing from the pipeline, when given
 * @param other keys the model does not interpret ({@code project}, {@code ref}, {@code parallel}), in input order
 * @param bare written as a plain string in the input, and may be written so again
 */
public record Need(String job, Optional<String> pipeline, Optional<Boolean> artifacts, Optional<Boolean> optional,
    Map<String, JsonNode> other, boolean bare) {
  public Need {
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /** A need on a job of the same pipeline, written as a plain name. */
  public static Need of(String job) {
    return new Need(job, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), true);
  }

  /** A need on a job of the same pipeline that says whether to fetch its artifacts. */
  public static Need of(String job, boolean artifacts) {
    return new Need(job, Optional.empty(), Optional.of(artifacts), Optional.empty(), Map.of(), false);
  }

  /** A need on a job of another pipeline of the same hierarchy, with its artifacts. */
  public static Need ofPipeline(String pipeline, String job) {
    return new Need(job, Optional.of(pipeline), Optional.of(true), Optional.empty(), Map.of(), false);
  }

  /** True for a need on a job of the same pipeline (the only kind that orders jobs). */
  public boolean isLocal() {
    return pipeline.isEmpty() && !other.containsKey("project");
  }

  public boolean isOptional() {
    return optional.orElse(false);
  }

  public Need withJob(String newJob) {
    return new Need(newJob, pipeline, artifacts, optional, other, bare);
  }
}
