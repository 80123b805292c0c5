package spacktainers.recipe;

import java.util.Optional;
import spacktainers.spack.PackageManager;
import spacktainers.spack.SpackDialect;
import spacktainers.spack.SpackVersion;

/**
 * Which images a recipe uses and which Spack runs in them.
 *
 * @param bootstrap how to build Spack from git, when no prebuilt Spack image fits
 * @param buildImage the build stage's base image when there is no bootstrap
 * @param spackInOpt Spack is known to be in {@code /opt/spack} (catalogue and bootstrap images)
 * @param manager the package manager for {@code os_packages}, if known
 * @param spackVersion the Spack release in the image, or empty for develop / an undeclared ref
 * @param shell the final image's default command
 */
public record ImagePlan(Optional<Bootstrap> bootstrap, String buildImage, String finalImage, boolean spackInOpt,
    Optional<PackageManager> manager, Optional<SpackVersion> spackVersion, SpackDialect dialect, String shell) {

  /**
   * A stage that checks Spack out from git on a plain OS image.
   *
   * @param baseImage the OS image
   * @param ref a branch, tag or commit of {@code url}
   */
  public record Bootstrap(String baseImage, PackageManager manager, String url, String ref) {}
}
