package spacktainers.gitlab;

/**
 * Bounds on what one artifacts archive may expand to, so a hostile or broken archive (a zip bomb)
 * fails fast instead of filling the disk or the heap.
 *
 * @param maxTotalBytes uncompressed bytes of all entries together, counted as they are inflated
 *     (the sizes an archive declares are checked first but never trusted)
 * @param maxEntries entries in the central directory, checked before it is read
 */
public record ZipLimits(long maxTotalBytes, int maxEntries) {
  public static final ZipLimits DEFAULT = new ZipLimits(8L << 30, 100_000);

  public ZipLimits {
    if (maxTotalBytes <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("zip limits must be positive");
    }
  }
}
