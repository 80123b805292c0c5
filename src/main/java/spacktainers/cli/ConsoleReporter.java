package spacktainers.cli;

import java.io.PrintWriter;
import spacktainers.common.Reporter;

/** Renders core events on stderr: warnings always, info with -v, progress at most every 500 ms. */
final class ConsoleReporter implements Reporter {
  private final PrintWriter err;
  private final int verbosity;
  private long lastProgress;

  ConsoleReporter(PrintWriter err, int verbosity) {
    this.err = err;
    this.verbosity = verbosity;
  }

  @Override
  public synchronized void warning(String where, String message) {
    err.println("warning: " + (where.isEmpty() ? "" : where + ": ") + message);
    err.flush();
  }

  @Override
  public synchronized void note(String message) {
    err.println("note: " + message);
    err.flush();
  }

  @Override
  public synchronized void info(String message) {
    if (verbosity > 0) {
      err.println(message);
      err.flush();
    }
  }

  @Override
  public synchronized void progress(String message) {
    long now = System.nanoTime();
    if (verbosity > 0 || now - lastProgress > 500_000_000L) {
      lastProgress = now;
      err.println(message);
      err.flush();
    }
  }
}
