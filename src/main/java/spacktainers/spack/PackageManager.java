package spacktainers.spack;

import java.util.List;

/**
 * The commands of one OS package manager, as used in generated recipes.
 *
 * @param env environment settings the manager needs to run unattended (e.g. DEBIAN_FRONTEND)
 * @param bootstrapPackages what a bootstrap stage installs so that Spack can build from source
 */
public record PackageManager(String name, String update, String install, String clean, List<String> env,
    List<String> bootstrapPackages) {
  public PackageManager {
    env = List.copyOf(env);
    bootstrapPackages = List.copyOf(bootstrapPackages);
  }
}
