package spacktainers.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Orders a needs graph and names one of its cycles, for an error message a user can act on. */
final class Cycles {
  private Cycles() {}

  /**
   * The level of each job: the longest path from it down to a job with no needs (Kahn's order). Needs on
   * jobs outside {@code names} are ignored; a job on or behind a cycle gets no level.
   */
  static Map<String, Integer> levels(Collection<String> names, Function<String, Collection<String>> needs) {
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    for (String name : names) {
      List<String> deps = needs.apply(name).stream().filter(names::contains).distinct().toList();
      pending.put(name, deps.size());
      deps.forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(name));
    }
    Map<String, Integer> level = new HashMap<>();
    ArrayDeque<String> ready = new ArrayDeque<>();
    pending.forEach((name, n) -> {
      if (n == 0) {
        ready.add(name);
        level.put(name, 0);
      }
    });
    while (!ready.isEmpty()) {
      String name = ready.poll();
      for (String d : dependents.getOrDefault(name, List.of())) {
        level.merge(d, level.get(name) + 1, Math::max);
        if (pending.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    return level;
  }

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
