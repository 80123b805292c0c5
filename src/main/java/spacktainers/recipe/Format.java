package spacktainers.recipe;

/** The recipe formats {@code containerize} writes. */
public enum Format {
  DOCKER("docker"),
  SINGULARITY("singularity");

  private final String key;

  Format(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  @Override
  public String toString() {
    return key;
  }
}
