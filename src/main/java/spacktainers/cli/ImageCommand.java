package spacktainers.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import spacktainers.common.Problems;
import spacktainers.registry.ImageRef;

/** {@code spacktainers image}: registry probes, daemonless assembly, manifest lists and export. */
@Command(name = "image", mixinStandardHelpOptions = true,
    description = "Images without a daemon: probe registries, assemble images from a base plus layers, "
        + "join per-platform images, export loadable tarballs.",
    subcommands = {
        ImageInspectCommand.class,
        ImageAssembleCommand.class,
        ImageManifestCommand.class,
        ImageExportCommand.class,
    })
public final class ImageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Main.of(spec).context().out());
  }

  /** A user-given reference, with an optional {@code registry://} prefix; null (problem recorded) if bad. */
  static ImageRef ref(Problems problems, String text, String where) {
    String plain = text.startsWith("registry://") ? text.substring("registry://".length()) : text;
    return problems.collect(() -> ImageRef.parse(plain, where));
  }
}
