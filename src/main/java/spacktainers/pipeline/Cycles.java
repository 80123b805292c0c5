package spacktainers.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Names one cycle of a needs graph, for an error message a user can act on. */
final class Cycles {
  private Cycles() {}

  /**
   * One cycle among {@code stuck}: the jobs a topological sort could not place. Each of them needs at least
   * one other stuck job, so walking from the first along stuck needs must come back to a job already seen.
   *
   * @return the jobs of the cycle in order, the first repeated at the end
   */
  static List<String> find(Set<String> stuck, Function<String, List<String>> needs) {
    List<String> walk = new ArrayList<>();
    Map<String, Integer> at = new HashMap<>();
    String current = new TreeSet<>(stuck).first();
    while (!at.containsKey(current)) {
      at.put(current, walk.size());
      walk.add(current);
      current = needs.apply(current).stream().filter(stuck::contains).sorted().findFirst().orElseThrow();
    }
    List<String> cycle = new ArrayList<>(walk.subList(at.get(current), walk.size()));
    cycle.add(current);
    return cycle;
  }
}
