package spacktainers.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import spacktainers.cli.CliContext;
import spacktainers.cli.Main;

/** Runs the real command line in-process with captured streams, a chosen environment and folder. */
public final class Cli {
  private final Path workingDir;
  private final Map<String, String> env = new HashMap<>();

  private Cli(Path workingDir) {
    this.workingDir = workingDir;
  }

  public static Cli in(Path workingDir) {
    return new Cli(workingDir);
  }

  public Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new CliContext(new PrintWriter(out), new PrintWriter(err), env, workingDir), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Exit code and captured output of one run. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }
}
