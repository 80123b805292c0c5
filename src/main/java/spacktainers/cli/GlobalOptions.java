package spacktainers.cli;

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

  public int verbosity() {
    return verbose.length;
  }

  public boolean stacktrace() {
    return stacktrace;
  }
}
