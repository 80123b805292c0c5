package spacktainers.gitlab;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import spacktainers.common.Problems;

/**
 * The {@code artifacts:reports:dotenv} file: {@code <arch>=yes} for every architecture that produced
 * work. GitLab accepts at most 20 variables and 5 KiB per dotenv report, and variable names made of
 * letters, digits and underscores; a report it would reject is refused here instead, before any
 * download starts.
 */
public final class DotenvReport {
  public static final int MAX_VARIABLES = 20;
  public static final int MAX_BYTES = 5 * 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

  private DotenvReport() {}

  /** Throws when GitLab would reject the report for these arches. */
  public static void check(Collection<String> arches, String where) {
    Problems problems = new Problems();
    SortedSet<String> sorted = new TreeSet<>(arches);
    if (sorted.size() > MAX_VARIABLES) {
      problems.add(where, "a dotenv report holds at most " + MAX_VARIABLES + " variables (GitLab's limit), but "
          + sorted.size() + " architectures were asked for", "gather fewer architectures per job, or drop --dotenv");
    }
    for (String arch : sorted) {
      if (!NAME.matcher(arch).matches()) {
        problems.add(where, "architecture '" + arch + "' is not a valid dotenv variable name",
            "GitLab accepts only letters, digits and '_' in dotenv variable names");
      }
    }
    if (problems.isEmpty() && render(sorted).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      problems.add(where, "the dotenv report would exceed GitLab's limit of " + MAX_BYTES + " bytes");
    }
    problems.throwIfAny();
  }

  /** One {@code <arch>=yes} line per arch, sorted. */
  public static String render(Collection<String> arches) {
    StringBuilder sb = new StringBuilder();
    for (String arch : new TreeSet<>(arches)) {
      sb.append(arch).append("=yes\n");
    }
    return sb.toString();
  }
}
