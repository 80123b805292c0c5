package spacktainers.recipe;

import java.util.List;

/**
 * One shell command of a recipe step, kept as its physical lines: the command itself and, for long
 * argument lists such as the embedded manifest, one continuation line per argument. Docker RUN
 * instructions and Singularity {@code %post} sections render the same commands in their own layout.
 */
public record ShellCommand(List<String> lines) {
  public ShellCommand {
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a shell command needs at least one line");
    }
  }

  public static ShellCommand of(String line) {
    return new ShellCommand(List.of(line));
  }

  /** Docker: {@code RUN a \ && b \ && c}, continuation lines indented under their command. */
  static String dockerRun(List<String> mounts, List<ShellCommand> commands) {
    StringBuilder sb = new StringBuilder("RUN ");
    for (String mount : mounts) {
      sb.append(mount).append(' ');
    }
    if (!mounts.isEmpty()) {
      sb.append("\\\n    ");
    }
    for (int i = 0; i < commands.size(); i++) {
      if (i > 0) {
        sb.append(" \\\n && ");
      }
      appendLines(sb, commands.get(i), "      ");
    }
    return sb.toString();
  }

  /** Singularity: one command per line under a section, continuation lines indented further. */
  static String scriptLines(List<ShellCommand> commands, String indent) {
    StringBuilder sb = new StringBuilder();
    for (ShellCommand c : commands) {
      sb.append(indent);
      appendLines(sb, c, indent + "    ");
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void appendLines(StringBuilder sb, ShellCommand c, String continuationIndent) {
    List<String> l = c.lines;
    sb.append(l.get(0));
    for (int j = 1; j < l.size(); j++) {
      sb.append(" \\\n").append(continuationIndent).append(l.get(j));
    }
  }
}
