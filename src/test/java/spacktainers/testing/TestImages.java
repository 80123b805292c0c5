package spacktainers.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a tiny busybox base image (no internet needed) and pushes it to a {@link LocalRegistry},
 * through the repository's {@code .ci/make-test-image} script, so tests and CI share one recipe.
 *
 * <pre>{@code
 * String base = TestImages.busybox().add(stub, "/usr/bin/spack").pushTo(registry, "base/busybox:1");
 * }</pre>
 */
public final class TestImages {
  private final Map<Path, String> files = new LinkedHashMap<>();
  private final List<String> env = new ArrayList<>();

  private TestImages() {}

  public static TestImages busybox() {
    return new TestImages();
  }

  /** Puts a host file at an absolute path in the image; executables keep mode 0755, others 0644. */
  public TestImages add(Path hostFile, String imagePath) {
    files.put(hostFile.toAbsolutePath(), imagePath);
    return this;
  }

  /** Puts a host file at an absolute path in the image with an explicit octal mode, e.g. "0755". */
  public TestImages add(Path hostFile, String imagePath, String mode) {
    files.put(hostFile.toAbsolutePath(), imagePath + ":" + mode);
    return this;
  }

  public TestImages env(String name, String value) {
    env.add(name + "=" + value);
    return this;
  }

  /** Builds the image, pushes it as {@code repositoryAndTag} and returns the full reference. */
  public String pushTo(LocalRegistry registry, String repositoryAndTag) {
    String ref = registry.image(repositoryAndTag);
    run(ref, registry.credentials().orElse(null));
    return ref;
  }

  /** Builds the image and writes it to any skopeo destination ({@code oci:DIR:TAG}, ...). */
  public void writeTo(String skopeoDestination) {
    run(skopeoDestination, null);
  }

  private void run(String destination, String creds) {
    RealComponents.requireExecutable("umoci");
    RealComponents.requireExecutable("skopeo");
    if (!Files.isExecutable(Path.of("/bin/busybox"))) {
      RealComponents.unavailable("busybox-static is not installed (run .ci/install-test-tools as root)");
    }
    List<String> cmd = new ArrayList<>(List.of(Repo.path(".ci/make-test-image").toString()));
    files.forEach((host, target) -> cmd.addAll(List.of("--add", host + "=" + target)));
    env.forEach(e -> cmd.addAll(List.of("--env", e)));
    cmd.add(destination);
    Map<String, String> toolEnv = creds == null ? Map.of() : Map.of("MAKE_TEST_IMAGE_CREDS", creds);
    Exec.Result r = Exec.run(cmd, toolEnv, Duration.ofSeconds(60));
    if (!r.ok()) {
      throw new IllegalStateException("make-test-image failed (exit " + r.exitCode() + "):\n" + r.output());
    }
  }
}
