package spacktainers.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import spacktainers.common.Problems;
import spacktainers.registry.ImageExporter;
import spacktainers.registry.ImageRef;
import spacktainers.registry.ImageTarget;
import spacktainers.registry.Platform;
import spacktainers.registry.RegistrySession;

/** {@code spacktainers image export}: a registry image as a tarball for sites without registry access. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Pull one platform's image into a tarball that docker load, podman load and skopeo",
        "(docker-archive:FILE) read; for sites without access to the registry. Prints '<digest> <FILE>'."})
public final class ImageExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "The image to export.")
  String ref;

  @Option(names = {"--arch", "--platform"}, paramLabel = "PLATFORM", defaultValue = "linux/amd64",
      description = "ARCH, OS/ARCH or OS/ARCH/VARIANT (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.tar", description = "The tarball to write.")
  Path output;

  @Option(names = "--name", paramLabel = "NAME:TAG",
      description = "The name the tarball loads as (default: REF, when it has a tag).")
  String name;

  @Mixin RegistryOptions registry = new RegistryOptions();

  @Override
  public Integer call() {
    Main main = Main.of(spec);
    CliContext context = main.context();
    Problems problems = new Problems();
    ImageRef image = ImageCommand.ref(problems, ref, "REF");
    Platform wanted = problems.collect(() -> Platform.parse(platform, "--arch"));
    Optional<String> loadName = Optional.empty();
    if (name != null) {
      loadName = Optional.ofNullable(problems.collect(
          () -> ImageTarget.archiveName(ImageRef.parse(name, "--name"), name)));
    } else if (image != null && !image.byDigest()) {
      loadName = Optional.of(ImageTarget.archiveName(image, ref));
    }
    var settings = problems.collect(() -> registry.settings(main));
    problems.throwIfAny();
    Path file = context.resolve(output);
    try (RegistrySession session = new RegistrySession(settings, context.env(), main.reporter())) {
      String digest = new ImageExporter(session, main.reporter()).export(image, wanted, file, loadName);
      context.out().println(digest + " " + file);
    }
    return 0;
  }
}
