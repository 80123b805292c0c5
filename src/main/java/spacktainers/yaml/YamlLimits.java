package spacktainers.yaml;

/**
 * Explicit bounds for reading YAML, so that a hostile or broken file (an alias bomb, a huge file)
 * fails fast with a clear error instead of exhausting memory.
 *
 * @param maxBytes largest accepted input, in bytes (UTF-8)
 * @param maxAliases most alias references ({@code *name}) in one document
 * @param maxNodes most nodes after aliases are expanded
 * @param maxDepth deepest nesting of mappings and sequences
 */
public record YamlLimits(long maxBytes, int maxAliases, long maxNodes, int maxDepth) {
  /** Hand-written files: a spack.yaml, a container definition, the site settings. */
  public static final YamlLimits DOCUMENT = new YamlLimits(4L << 20, 1_000, 1_000_000, 100);

  /** Machine-written pipelines: {@code spack ci generate} output of tens of MB with thousands of aliases. */
  public static final YamlLimits PIPELINE = new YamlLimits(256L << 20, 1_000_000, 10_000_000, 200);

  public YamlLimits {
    if (maxBytes <= 0 || maxAliases < 0 || maxNodes <= 0 || maxDepth <= 0) {
      throw new IllegalArgumentException("YAML limits must be positive");
    }
  }
}
