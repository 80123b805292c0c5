package spacktainers.common;

/**
 * How the core tells the user what it is doing without printing: the CLI renders these on stderr
 * (warnings always, info with {@code -v}, progress when stderr is worth updating).
 */
public interface Reporter {
  Reporter SILENT = new Reporter() {};

  /** Something the user should know or fix, but that does not stop the work. */
  default void warning(String where, String message) {}

  /** A decision the tool took for the user that they should know about (printed as {@code note:}). */
  default void note(String message) {}

  /** A detail for {@code -v}. */
  default void info(String message) {}

  /** A progress line for long work (listing, uploading); may be rate-limited by the renderer. */
  default void progress(String message) {}
}
