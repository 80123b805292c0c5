package spacktainers.catalog;

import java.nio.file.Path;

/**
 * One {@code spacktainer.files} entry: {@code source} (relative to {@code spacktainer/}, checked to stay
 * inside it) is copied to the absolute {@code target} in the image.
 *
 * @param resolved the source's real path
 */
public record FileCopy(String source, String target, Path resolved) {}
