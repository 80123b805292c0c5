package spacktainers.catalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A CPU architecture the catalogue builds for; the folder name under {@code container_definitions/}. */
public enum Architecture {
  AMD64("amd64"),
  ARM64("arm64");

  private final String id;

  Architecture(String id) {
    this.id = id;
  }

  /** The folder name and tag suffix: {@code amd64}. */
  public String id() {
    return id;
  }

  /** The OCI platform of images built for it: {@code linux/amd64}. */
  public String platform() {
    return "linux/" + id;
  }

  public static Optional<Architecture> of(String id) {
    return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
  }

  /** {@code amd64, arm64}, for messages. */
  public static String supported() {
    return Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
