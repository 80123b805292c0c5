package spacktainers.recipe;

/** Where a recipe stops ({@code --last-stage}): bootstrap only, up to the build stage, or complete. */
public enum LastStage {
  BOOTSTRAP("bootstrap"),
  BUILD("build"),
  FINAL("final");

  private final String key;

  LastStage(String key) {
    this.key = key;
  }

  @Override
  public String toString() {
    return key;
  }
}
