package spacktainers.yaml;

/** A 1-based line and column in a source file. */
public record Location(int line, int column) {
  @Override
  public String toString() {
    return line + ":" + column;
  }
}
