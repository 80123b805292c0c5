package spacktainers.buildcache;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Reporter;

/**
 * One prune run against a bucket: inventory, plan, and (when asked) deletion and index rewrite.
 * The decisions are {@link PrunePlanner}'s; this class only sequences the I/O around them.
 */
public final class PruneService {
  /** Planned objects listed in the refusal of a stale saved plan. */
  static final int MAX_LISTED = 10;
  /** Packages in the report's "top packages" list. */
  static final int TOP_PACKAGES = 10;

  private final BucketStore store;
  private final Reporter reporter;
  private final PruneExecutor.Settings settings;
  private final int readParallelism;

  public PruneService(BucketStore store, Reporter reporter, PruneExecutor.Settings settings, int readParallelism) {
    this.store = store;
    this.reporter = reporter;
    this.settings = settings;
    this.readParallelism = readParallelism;
  }

  /** A computed plan plus the indexes as read, ready to be applied. */
  public static final class Prepared {
    private final PruneRun run;
    private final List<IndexSnapshot> indexes;

    Prepared(PruneRun run, List<IndexSnapshot> indexes) {
      this.run = run;
      this.indexes = List.copyOf(indexes);
    }

    public PruneRun run() {
      return run;
    }
  }

  public Prepared plan(String prefix, Set<String> keepHashes, int lockfiles, PruneRules rules) {
    RequestStats before = store.stats();
    InventoryReader.Result r = new InventoryReader(store, reporter, readParallelism).read(prefix);
    long t0 = System.nanoTime();
    PrunePlan plan = PrunePlanner.plan(r.inventory(), keepHashes, rules);
    reporter.info(String.format(java.util.Locale.ROOT, "planned in %.0f ms (no I/O)", (System.nanoTime() - t0) / 1e6));
    // A damaged cache can warn about thousands of objects: show a few, --json carries them all.
    r.warnings().stream().limit(MAX_LISTED).forEach(w -> reporter.warning("", w));
    if (r.warnings().size() > MAX_LISTED) {
      reporter.warning("", (r.warnings().size() - MAX_LISTED) + " more warnings (--json lists all)");
    }
    PruneRun run = new PruneRun(store.bucket(), InventoryReader.normalizePrefix(prefix), plan,
        PlanSummary.of(plan, r.inventory(), TOP_PACKAGES), r.inventory(), r.counts(), lockfiles, keepHashes,
        store.stats().minus(before), r.warnings(), Optional.empty());
    return new Prepared(run, r.indexes());
  }

  /** Deletes what a fresh plan says, then rewrites the indexes. */
  public PruneRun apply(Prepared prepared) {
    PrunePlan plan = prepared.run().plan();
    return execute(prepared, plan.deletions(), plan.indexDrops(), 0);
  }

  /**
   * Applies a saved plan as reviewed: the bucket is read again and planned with the saved rules and
   * keep set; the run is refused if a planned object changed (ETag or size) or is no longer
   * deletable (for instance a spec pushed since depends on it). Planned objects already gone are
   * skipped, so a saved plan can be applied again after a crash.
   */
  public PruneRun applySaved(PlanJson.SavedPlan saved) {
    Prepared fresh = plan(saved.prefix(), saved.keepHashes(), saved.lockfiles(), saved.rules());
    PruneRun run = fresh.run();
    Map<String, StoredObject> current = new HashMap<>();
    for (CacheSpec s : run.inventory().specs()) {
      s.objects().forEach(o -> current.put(o.key(), o));
    }
    current.putAll(run.inventory().blobs());
    Set<String> stillPlanned = new HashSet<>();
    run.plan().deletions().forEach(d -> stillPlanned.add(d.key()));
    Map<String, String> verdictBySpec = new HashMap<>();
    run.plan().verdicts().forEach(v -> verdictBySpec.put(v.spec().id(), v.verdict().description()));

    List<Deletion> toDelete = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    int gone = 0;
    for (Deletion d : saved.deletions()) {
      StoredObject now = current.get(d.key());
      if (now == null) {
        gone++;
      } else if (!now.etag().equals(d.object().etag()) || now.size() != d.object().size()) {
        changed.add(d.key());
      } else if (!stillPlanned.contains(d.key())) {
        kept.add(d.key() + " (" + verdictBySpec.getOrDefault(d.specId(), "now referenced") + ")");
      } else {
        toDelete.add(d);
      }
    }
    if (!changed.isEmpty() || !kept.isEmpty()) {
      StringBuilder sb = new StringBuilder("the saved plan no longer matches the bucket: ");
      sb.append(changed.size()).append(" planned objects changed since, ")
          .append(kept.size()).append(" are no longer deletable");
      List<String> examples = new ArrayList<>(changed.stream().map(k -> k + " (changed)").toList());
      examples.addAll(kept);
      sb.append("; e.g. ").append(String.join(", ", examples.subList(0, Math.min(MAX_LISTED, examples.size()))));
      throw new OperationFailedException("", sb.toString(), "make a new plan (--plan-out) and review it", null);
    }
    return execute(asSaved(fresh, toDelete, saved.indexDrops()), toDelete, saved.indexDrops(), gone);
  }

  // The report of an applied saved plan shows the saved plan, not what a new plan would delete.
  private static Prepared asSaved(Prepared fresh, List<Deletion> toDelete, Map<Layout, Set<String>> drops) {
    PruneRun r = fresh.run();
    Set<String> specs = new HashSet<>();
    toDelete.forEach(d -> specs.add(d.specId()));
    List<SpecVerdict> verdicts = r.plan().verdicts().stream()
        .map(v -> v.deleted() && !specs.contains(v.spec().id())
            ? SpecVerdict.keep(v.spec(), SpecVerdict.Verdict.KEEP_NOT_IN_PLAN) : v)
        .toList();
    List<Deletion> sorted = toDelete.stream().sorted(java.util.Comparator.comparing(Deletion::key)).toList();
    PrunePlan p = new PrunePlan(r.plan().rules(), r.plan().cutoffs(), verdicts, sorted, drops,
        r.plan().lockedHashes(), r.plan().lockedNotInCache());
    PruneRun run = new PruneRun(r.bucket(), r.prefix(), p, PlanSummary.of(p, r.inventory(), TOP_PACKAGES),
        r.inventory(), r.counts(), r.lockfiles(), r.keepHashes(), r.planRequests(), r.warnings(), Optional.empty());
    return new Prepared(run, fresh.indexes);
  }

  private PruneRun execute(Prepared prepared, List<Deletion> deletions, Map<Layout, Set<String>> plannedDrops,
      int alreadyGone) {
    RequestStats before = store.stats();
    PruneExecutor.Outcome outcome = new PruneExecutor(store, reporter, settings).apply(deletions);
    // A spec whose entry point survived is still whole and stays in the index.
    Set<String> blocked = new HashSet<>();
    Map<String, Deletion> byKey = new HashMap<>();
    deletions.forEach(d -> byKey.put(d.key(), d));
    for (PruneExecutor.Failure f : outcome.failures()) {
      Deletion d = byKey.get(f.key());
      if (d != null && d.entryPoint()) {
        blocked.add(d.specId());
      }
    }
    Map<Layout, Set<String>> drops = new EnumMap<>(Layout.class);
    plannedDrops.forEach((layout, hashes) -> {
      Set<String> s = new TreeSet<>();
      hashes.stream().filter(h -> !blocked.contains(layout.label() + ":" + h)).forEach(s::add);
      drops.put(layout, s);
    });
    List<IndexRewriter.Outcome> indexes =
        new IndexRewriter(store, prepared.run().prefix()).rewrite(prepared.indexes, drops);
    return prepared.run().withApplied(
        new PruneRun.Applied(outcome, indexes, store.stats().minus(before), alreadyGone));
  }
}
