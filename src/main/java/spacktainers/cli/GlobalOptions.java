package spacktainers.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, before or after the subcommand name. */
public final class GlobalOptions {
  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Print more detail on stderr (repeat for more).")
  boolean[] verbose = new boolean[0];

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the full stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR",
      description = "The catalogue root: holds container_definitions/, spacktainer/ and spacktainers.yaml"
          + " (default: the current directory).")
  Path root;

  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Site settings file (default: spacktainers.yaml in the catalogue root).")
  Path config;

  /** {@code --root}, if given (relative to the working directory). */
  public Optional<Path> root() {
    return Optional.ofNullable(root);
  }

  /** {@code --config}, if given (relative to the working directory). */
  public Optional<Path> config() {
    return Optional.ofNullable(config);
  }

  public int verbosity() {
    return verbose.length;
  }

  public boolean stacktrace() {
    return stacktrace;
  }
}
