package spacktainers.pipeline;

import java.util.List;

/**
 * What {@code pipeline split} writes: the trigger pipeline and its child pipelines, each with its exact
 * YAML, plus the counts for the summary line.
 *
 * @param trigger the pipeline that runs the children in order ({@link Splitter#TRIGGER_FILE})
 * @param children the child pipeline files, in the order they run
 */
public record SplitResult(PipelineFile trigger, List<PipelineFile> children, Stats stats) {
  public SplitResult {
    children = List.copyOf(children);
  }

  /** One output file: its name in the output folder, its model and its bytes. */
  public record PipelineFile(String fileName, Pipeline pipeline, String yaml) {}

  /**
   * @param inputFiles pipeline files read
   * @param noopFiles of which had nothing to rebuild
   * @param buildJobs build jobs read, duplicates included
   * @param uniqueSpecs distinct specs to rebuild: build jobs after de-duplication by DAG hash
   * @param renamed jobs renamed to fit GitLab's name limit for needs, as "old -> new"
   */
  public record Stats(int inputFiles, int noopFiles, int buildJobs, int uniqueSpecs, List<String> renamed) {
    public Stats {
      renamed = List.copyOf(renamed);
    }

    public int duplicates() {
      return buildJobs - uniqueSpecs;
    }
  }

  public List<PipelineFile> all() {
    List<PipelineFile> all = new java.util.ArrayList<>();
    all.add(trigger);
    all.addAll(children);
    return all;
  }
}
