package spacktainers.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import spacktainers.common.Problem;
import spacktainers.common.Reporter;
import spacktainers.common.SpacktainersException;
import spacktainers.common.Version;

/** The {@code spacktainers} root command: global options, error rendering and exit codes. */
@Command(
    name = "spacktainers",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Spack-built HPC containers: recipes, GitLab CI pipelines, build-cache pruning and image assembly.",
    footer = {"", "Exit codes: 0 success, 1 the work failed, 2 bad usage or bad input."})
public final class Main implements Runnable {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  /**
   * Every subcommand, in the order of the help listing (add new commands here). They are registered
   * lazily, by {@link #registerSubcommands}: picocli builds a command's model by reflecting over all
   * its options, which costs every start-up a few milliseconds per command.
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      AutoComplete.GenerateCompletion.class,
      ArtifactsCommand.class,
      CacheCommand.class,
      ContainerizeCommand.class,
      DefinitionsCommand.class,
      ImageCommand.class,
      PipelineCommand.class);

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global = new GlobalOptions();

  private final CliContext context;

  Main(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    tuneForStartup();
    CliContext context = CliContext.system();
    int code = run(context, args);
    context.out().flush();
    context.err().flush();
    System.exit(code);
  }

  /**
   * Start-up settings for a short-lived process. picocli otherwise probes for Groovy's {@code
   * Closure} class, and that failed lookup opens every jar on the class path (over a hundred).
   */
  static void tuneForStartup() {
    System.setProperty("picocli.disable.closures", "true");
  }

  /** Runs one command line in-process; used by {@link #main} and by tests. */
  public static int run(CliContext context, String... args) {
    Main main = new Main(context);
    CommandLine cl = new CommandLine(main);
    registerSubcommands(cl, args);
    cl.setOut(context.out());
    cl.setErr(context.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> main.renderFailure(ex));
    cl.setParameterExceptionHandler((ex, args2) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("error: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("hint: see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
      err.flush();
      return EXIT_USAGE;
    });
    CommandLine completion = cl.getSubcommands().get("generate-completion");
    if (completion != null) {
      completion.getCommandSpec().usageMessage().hidden(false);
    }
    int code = cl.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  /**
   * Registers only the subcommand the command line names, or all of them when it names none (root
   * help, an unknown word that deserves suggestions) or names {@code generate-completion}, which
   * describes every command. Values of root options are skipped when looking for the name.
   */
  static void registerSubcommands(CommandLine root, String... args) {
    Optional<Class<?>> named = commandWord(root.getCommandSpec(), args).flatMap(word ->
        SUBCOMMANDS.stream().filter(c -> names(c).contains(word)).findFirst());
    for (Class<?> command : SUBCOMMANDS) {
      if (named.isEmpty() || named.get() == command || named.get() == AutoComplete.GenerateCompletion.class) {
        root.addSubcommand(command);
      }
    }
  }

  /** The first argument that is neither an option nor the value of a root option. */
  private static Optional<String> commandWord(CommandSpec rootSpec, String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        return Optional.empty(); // picocli reads no command name after "--": keep its own message
      }
      if (!arg.startsWith("-")) {
        return Optional.of(arg);
      }
      OptionSpec option = rootSpec.findOption(arg);
      if (option != null && option.arity().max() > 0 && !arg.contains("=")) {
        i++;
      }
    }
    return Optional.empty();
  }

  private static List<String> names(Class<?> command) {
    Command c = command.getAnnotation(Command.class);
    List<String> names = new ArrayList<>(List.of(c.aliases()));
    names.add(c.name());
    return names;
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out());
  }

  public CliContext context() {
    return context;
  }

  public GlobalOptions global() {
    return global;
  }

  public Reporter reporter() {
    return new ConsoleReporter(context.err(), global.verbosity());
  }

  /** The root {@link Main} of the command line a subcommand belongs to. */
  public static Main of(CommandSpec spec) {
    return (Main) spec.root().userObject();
  }

  int renderFailure(Exception ex) {
    PrintWriter err = context.err();
    if (ex instanceof SpacktainersException se) {
      for (Problem p : se.problems()) {
        err.println("error: " + p.line());
        if (!p.hint().isEmpty()) {
          err.println("hint: " + p.hint());
        }
      }
      if (global.stacktrace()) {
        ex.printStackTrace(err);
      }
      err.flush();
      return se.exitCode();
    }
    err.println("error: internal error: " + ex.getClass().getName()
        + (ex.getMessage() == null ? "" : ": " + firstLine(ex.getMessage())));
    if (global.stacktrace()) {
      ex.printStackTrace(err);
    } else {
      err.println("hint: this is a bug in spacktainers; run again with --stacktrace and report it");
    }
    err.flush();
    return EXIT_FAILED;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Public, so picocli instantiates it directly instead of failing first and retrying reflectively. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Version v = Version.current();
      return List.of("spacktainers " + v.full(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")")
          .toArray(String[]::new);
    }
  }
}
