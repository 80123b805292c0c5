package spacktainers.buildcache;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one {@code cache prune} run learnt and did, for the text and JSON reports.
 *
 * @param lockfiles how many lockfiles gave the keep set (0 when a saved plan was applied)
 * @param planRequests requests made while listing and reading (including retries)
 * @param warnings problems that did not stop the run (unreadable manifests, unknown dependencies)
 */
public record PruneRun(String bucket, String prefix, PrunePlan plan, PlanSummary summary, CacheInventory inventory,
    InventoryReader.Counts counts, int lockfiles, Set<String> keepHashes, RequestStats planRequests,
    List<String> warnings, Optional<Applied> applied) {

  public PruneRun {
    keepHashes = Set.copyOf(keepHashes);
    warnings = List.copyOf(warnings);
  }

  /**
   * What {@code --apply} did.
   *
   * @param alreadyGone planned objects that no longer existed (a re-run after a crash, or a saved plan)
   */
  public record Applied(PruneExecutor.Outcome outcome, List<IndexRewriter.Outcome> indexes, RequestStats requests,
      int alreadyGone) {
    /** Everything deleted, and no index write failed (a skipped rewrite prints its command instead). */
    public boolean ok() {
      return outcome.failures().isEmpty()
          && indexes.stream().noneMatch(i -> i.status() == IndexRewriter.Status.FAILED);
    }
  }

  public PruneRun withApplied(Applied a) {
    return new PruneRun(bucket, prefix, plan, summary, inventory, counts, lockfiles, keepHashes, planRequests, warnings,
        Optional.of(a));
  }
}
