package spacktainers.buildcache;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of planning: what is deleted and why, what is kept and why, and which index entries go.
 *
 * @param cutoffs per layout, the instant after which nothing is deleted: the earlier of the run
 *     start and the layout's index
 * @param verdicts one per spec, ordered by layout and hash
 * @param deletions every object to delete, each once, ordered by key
 * @param indexDrops per layout, the hashes the rewritten index must no longer list: deleted specs
 *     plus entries whose objects are gone already
 * @param lockedHashes how many distinct hashes the lockfiles name
 * @param lockedNotInCache how many of them are in neither layout
 */
public record PrunePlan(PruneRules rules, Map<Layout, Instant> cutoffs, List<SpecVerdict> verdicts,
    List<Deletion> deletions, Map<Layout, Set<String>> indexDrops, int lockedHashes, int lockedNotInCache) {
  public PrunePlan {
    cutoffs = Map.copyOf(cutoffs);
    verdicts = List.copyOf(verdicts);
    deletions = List.copyOf(deletions);
    indexDrops = Map.copyOf(indexDrops);
  }

  public Set<String> drops(Layout layout) {
    return indexDrops.getOrDefault(layout, Set.of());
  }
}
