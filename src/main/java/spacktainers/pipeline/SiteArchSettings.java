package spacktainers.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import spacktainers.catalog.SiteSettings;

/**
 * The site settings' view of one architecture ({@code architectures.<arch>} in {@code spacktainers.yaml}),
 * turned into what {@code split} adds to every job.
 */
public final class SiteArchSettings {
  /** Spack pushes to and rebuilds the index of the mirror of this name ({@code spack ci}, 0.22 and later). */
  public static final String MIRROR_NAME = "buildcache-destination";

  /**
   * Set to empty in jobs of an architecture with {@code proxy: unset}. GitLab cannot remove a variable the
   * runner sets, but an empty value means "no proxy" to curl, git, Python's urllib and boto3 alike.
   */
  static final List<String> PROXY_VARIABLES = List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy");

  private SiteArchSettings() {}

  /**
   * Runner tags, the architecture's variables (sorted by name, after the proxy ones), and the build cache
   * as the {@value #MIRROR_NAME} mirror: the default branch's bucket on the default branch, else the
   * {@code branch_bucket} when the site has one. Keys are named by CI variable, as in the settings.
   */
  public static ArchSettings of(SiteSettings.ArchSettings arch, boolean defaultBranch) {
    Map<String, String> variables = new LinkedHashMap<>();
    if (arch.proxy() == SiteSettings.Proxy.UNSET) {
      PROXY_VARIABLES.forEach(v -> variables.put(v, ""));
    }
    variables.putAll(new TreeMap<>(arch.variables()));
    SiteSettings.Bucket cache = arch.buildCache().bucket();
    String prefix = cache.prefix().replaceAll("/+$", "");
    String url = "s3://" + cache.bucketFor(defaultBranch) + (prefix.isEmpty() ? "" : "/" + prefix);
    ArchSettings.Mirror mirror = new ArchSettings.Mirror(MIRROR_NAME, url, Optional.of(cache.accessKeyVariable()),
        Optional.of(cache.secretKeyVariable()), cache.endpoint());
    return new ArchSettings(arch.runnerTags(), variables, List.of(mirror));
  }
}
