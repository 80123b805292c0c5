package spacktainers.catalog;

import java.nio.file.Path;

/**
 * A custom container: {@code <arch>/<name>.def}, a Singularity definition bootstrapped from a registry
 * image. Its version is the tag of that image.
 *
 * @param from the {@code From:} image (always with a tag)
 * @param text the file's text, line ends normalised to LF
 */
public record CustomDefinition(String name, Architecture arch, Path file, String displayPath, String bootstrap,
    ImageReference from, String text) implements Definition {

  @Override
  public Kind kind() {
    return Kind.CUSTOM;
  }

  /** The tag of the {@code From:} image. */
  public String fromTag() {
    return from.tag().orElseThrow();
  }
}
