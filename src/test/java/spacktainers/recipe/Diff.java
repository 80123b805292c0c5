package spacktainers.recipe;

import java.util.List;

/** A readable line diff for golden-file failures: the first differing region with context. */
final class Diff {
  private Diff() {}

  static String lines(String expected, String actual) {
    List<String> a = List.of(expected.split("\n", -1));
    List<String> b = List.of(actual.split("\n", -1));
    int start = 0;
    while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
      start++;
    }
    int endA = a.size() - 1;
    int endB = b.size() - 1;
    while (endA >= start && endB >= start && a.get(endA).equals(b.get(endB))) {
      endA--;
      endB--;
    }
    StringBuilder sb = new StringBuilder();
    int from = Math.max(0, start - 3);
    sb.append("@@ line ").append(start + 1).append(" @@\n");
    for (int i = from; i < start; i++) {
      sb.append("  ").append(a.get(i)).append('\n');
    }
    for (int i = start; i <= endA; i++) {
      sb.append("- ").append(a.get(i)).append('\n');
    }
    for (int i = start; i <= endB; i++) {
      sb.append("+ ").append(b.get(i)).append('\n');
    }
    int after = Math.max(endA, start - 1) + 1;
    for (int i = after; i < Math.min(a.size(), after + 3); i++) {
      sb.append("  ").append(a.get(i)).append('\n');
    }
    return sb.toString();
  }
}
