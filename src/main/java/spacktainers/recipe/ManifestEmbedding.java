package spacktainers.recipe;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a file's exact bytes from a recipe without a heredoc (buildah 1.28, the Debian 12 builder,
 * does not support Dockerfile heredocs): {@code printf '%s\n'} with one single-quoted argument per
 * line. Inside single quotes the shell changes nothing, so {@code $}, {@code "}, {@code '} (written
 * as {@code '\''}), backticks and backslashes reach the file as written; Dockerfile RUN instructions
 * do no variable substitution, and no argument line starts with {@code #}, so Docker's parser drops
 * nothing either. The same command works in a Singularity {@code %post}.
 */
public final class ManifestEmbedding {
  private ManifestEmbedding() {}

  /**
   * The command writing {@code text} (which must end with a newline and contain no other control
   * characters than newlines) to {@code target}.
   */
  public static ShellCommand printfCommand(String text, String target) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("the embedded text must end with a newline");
    }
    List<String> lines = new ArrayList<>();
    lines.add("printf '%s\\n'");
    String body = text.substring(0, text.length() - 1);
    for (String line : body.split("\n", -1)) {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw new IllegalArgumentException("control character in embedded text");
        }
      }
      lines.add(Shell.singleQuote(line));
    }
    lines.add("> " + target);
    return new ShellCommand(lines);
  }
}
