package spacktainers.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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

  /** A user-given reference, with an optional {@code registry://} prefix. */
  static String stripRegistryScheme(String ref) {
    return ref.startsWith("registry://") ? ref.substring("registry://".length()) : ref;
  }
}
