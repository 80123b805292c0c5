package spacktainers.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import spacktainers.common.Problems;
import spacktainers.registry.ImagePublisher;
import spacktainers.registry.ImageRef;
import spacktainers.registry.ManifestLists;
import spacktainers.registry.RegistrySession;

/** {@code spacktainers image manifest}: one multi-platform reference from per-platform images. */
@Command(name = "manifest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Join single-platform images into one multi-platform image (OCI index, or Docker manifest list",
        "when all parts are Docker) stored under REF. Each part's platform is read from its config.",
        "Prints '<digest> <REF>' on success."})
public final class ImageManifestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "Where to store the list (a tag).")
  String target;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PLATFORM_REF",
      description = "Single-platform images, one per platform (e.g. the tags assemble pushed per architecture).")
  List<String> sources;

  @Mixin RegistryOptions registry = new RegistryOptions();

  @Override
  public Integer call() {
    Main main = Main.of(spec);
    CliContext context = main.context();
    Problems problems = new Problems();
    ImageRef to = ImageCommand.ref(problems, target, "REF");
    List<ImageRef> parts = new ArrayList<>();
    for (String s : sources) {
      ImageRef r = ImageCommand.ref(problems, s, "PLATFORM_REF");
      if (r != null) {
        parts.add(r);
      }
    }
    var settings = problems.collect(() -> registry.settings(main));
    if (to != null && to.byDigest()) {
      problems.add("REF", "'" + target + "' is a digest; a manifest list is stored under a tag");
    }
    problems.throwIfAny();
    try (RegistrySession session = new RegistrySession(settings, context.env(), main.reporter())) {
      ImagePublisher.Published published = new ManifestLists(session, main.reporter()).create(to, parts);
      context.out().println(published.digest() + " " + published.target());
    }
    return 0;
  }
}
