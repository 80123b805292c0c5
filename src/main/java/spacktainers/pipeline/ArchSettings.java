package spacktainers.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an architecture adds to every split job: runner tags, CI variables, and the build-cache mirror as
 * {@code spack mirror add} lines whose credentials are named by CI variable, never given by value. This is
 * the seam to the site settings: {@code split} takes one from a small YAML file today (see
 * {@link ArchSettingsReader}), and the site settings file will hand in the same record.
 *
 * @param tags runner tags added to each job (after the job's own, without repeats)
 * @param variables variables set on each job that does not set them itself
 * @param mirrors build-cache mirrors added to each Spack job's environment, right after {@code spack env activate}
 */
public record ArchSettings(List<String> tags, Map<String, String> variables, List<Mirror> mirrors) {
  public static final ArchSettings NONE = new ArchSettings(List.of(), Map.of(), List.of());
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public ArchSettings {
    tags = List.copyOf(tags);
    variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    mirrors = List.copyOf(mirrors);
  }

  public boolean isEmpty() {
    return tags.isEmpty() && variables.isEmpty() && mirrors.isEmpty();
  }

  /**
   * A Spack build-cache mirror. The S3 keys are the <em>names</em> of CI variables that hold them; Spack
   * (0.22 and later) reads the values itself at run time, so no secret is written into the pipeline.
   *
   * @param name the mirror's name in Spack ({@code buildcache-destination} replaces Spack's push target)
   * @param url the mirror URL, e.g. {@code s3://spack-build-cache}
   * @param accessKeyIdVariable CI variable holding the S3 access key id
   * @param secretAccessKeyVariable CI variable holding the S3 secret key
   * @param endpointUrl S3 endpoint for non-AWS stores
   */
  public record Mirror(String name, String url, Optional<String> accessKeyIdVariable,
      Optional<String> secretAccessKeyVariable, Optional<String> endpointUrl) {
    public Mirror {
      for (Optional<String> v : List.of(accessKeyIdVariable, secretAccessKeyVariable)) {
        if (v.isPresent() && !VARIABLE_NAME.matcher(v.get()).matches()) {
          throw new IllegalArgumentException("not a CI variable name: " + v.get());
        }
      }
    }

    /** The shell line that adds this mirror (replacing one of the same name) to the active Spack config. */
    public String command() {
      StringBuilder sb = new StringBuilder("spack mirror add");
      accessKeyIdVariable.ifPresent(v -> sb.append(" --s3-access-key-id-variable ").append(v));
      secretAccessKeyVariable.ifPresent(v -> sb.append(" --s3-access-key-secret-variable ").append(v));
      endpointUrl.ifPresent(u -> sb.append(" --s3-endpoint-url ").append(ShellWords.quote(u)));
      sb.append(' ').append(ShellWords.quote(name)).append(' ').append(ShellWords.quote(url));
      return "spack mirror rm " + ShellWords.quote(name) + " >/dev/null 2>&1 || true; " + sb;
    }
  }
}
