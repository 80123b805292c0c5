package spacktainers.recipe;

import java.util.List;
import java.util.Optional;

/**
 * The validated {@code container:} section of a {@code spack.yaml}.
 *
 * @param format the format asked for in the file, if any ({@code --format} overrides it)
 * @param images which base images to use
 * @param strip strip binaries in the build stage (default true)
 * @param osPackages OS packages for the build and final stages
 * @param labels image labels, in file order, values as text
 * @param template a user template replacing the stock one, if any
 * @param depfile install with {@code spack env depfile} and {@code make} (Spack 0.19+)
 * @param singularity the Singularity-only sections
 * @param extraBuild text added verbatim at the end of the build stage ({@code extra_instructions})
 * @param extraFinal text added verbatim at the end of the final stage
 */
public record ContainerSection(Optional<Format> format, Images images, boolean strip, OsPackages osPackages,
    List<Label> labels, Optional<String> template, boolean depfile, Singularity singularity,
    Optional<String> extraBuild, Optional<String> extraFinal) {

  public ContainerSection {
    labels = List.copyOf(labels);
  }

  /** The base images: from the OS catalogue, or named by the user. */
  public sealed interface Images permits CatalogImages, CustomImages {}

  /**
   * {@code images: {os, spack}}.
   *
   * @param spack the Spack to use; empty when the file has no {@code images} section at all
   */
  public record CatalogImages(String os, Optional<SpackSource> spack) implements Images {}

  /** {@code images: {build, final}}: the user's own build image (with Spack) and final image. */
  public record CustomImages(String build, String finalImage) implements Images {}

  /** Where the Spack of the build stage comes from. */
  public sealed interface SpackSource permits SpackTag, SpackGit {
    /** The tag, branch or commit the user named. */
    String ref();
  }

  /** {@code spack: v0.18.1} (a release, {@code develop}, a branch or a commit). */
  public record SpackTag(String ref) implements SpackSource {}

  /** {@code spack: {url, ref, resolve_sha, verify}}: always built from git in a bootstrap stage. */
  public record SpackGit(String url, String ref, boolean resolveSha, boolean verify) implements SpackSource {
    public static final String DEFAULT_URL = "https://github.com/spack/spack.git";
  }

  /**
   * {@code os_packages}.
   *
   * @param command the package manager, required with custom images when packages are listed
   * @param update refresh the package index before installing (default true)
   */
  public record OsPackages(Optional<String> command, boolean update, List<String> build, List<String> finalStage) {
    public OsPackages {
      build = List.copyOf(build);
      finalStage = List.copyOf(finalStage);
    }

    public static OsPackages none() {
      return new OsPackages(Optional.empty(), true, List.of(), List.of());
    }
  }

  /** One image label. */
  public record Label(String key, String value) {}

  /** {@code singularity: {runscript, startscript, test, help}}. */
  public record Singularity(Optional<String> runscript, Optional<String> startscript, Optional<String> test,
      Optional<String> help) {
    public static Singularity none() {
      return new Singularity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }
}
