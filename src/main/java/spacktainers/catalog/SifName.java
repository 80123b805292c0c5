package spacktainers.catalog;

import java.util.Objects;

/**
 * The file name of a container's SIF image in the containers bucket: {@code <name>__<tag>.sif}.
 * Container names never contain {@code __}, so the first {@code __} ends the name and the rest is an
 * {@link ImageTag}, parsed strictly.
 */
public record SifName(String container, ImageTag tag) {
  public static final String EXTENSION = ".sif";

  public SifName {
    Objects.requireNonNull(tag, "tag");
    Names.checkContainer(container).ifPresent(m -> {
      throw new IllegalArgumentException(m);
    });
  }

  public String format() {
    return container + "__" + tag.format() + EXTENSION;
  }

  public static SifName parse(String fileName) {
    if (!fileName.endsWith(EXTENSION)) {
      throw new IllegalArgumentException("'" + fileName + "' is not a SIF file name (no " + EXTENSION + ")");
    }
    String stem = fileName.substring(0, fileName.length() - EXTENSION.length());
    int sep = stem.indexOf("__");
    if (sep <= 0) {
      throw new IllegalArgumentException("'" + fileName + "' is not a spacktainers SIF name: expected"
          + " <name>__<tag>.sif");
    }
    try {
      return new SifName(stem.substring(0, sep), ImageTag.parse(stem.substring(sep + 2)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + fileName + "' is not a spacktainers SIF name: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return format();
  }
}
