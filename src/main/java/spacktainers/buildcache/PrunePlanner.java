package spacktainers.buildcache;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import spacktainers.buildcache.CacheSpec.State;
import spacktainers.buildcache.SpecVerdict.Verdict;

/**
 * Decides, without any I/O, what a prune run deletes. Each layout is its own graph (a hash migrated
 * from v2 to v3 exists twice and is judged twice). The rules, in the order they are applied:
 *
 * <ol>
 *   <li>Keep roots: specs whose hash is in a lockfile, and specs that may be pushes in flight: any
 *       object modified after the cutoff (the earlier of the run start and the layout's index), or
 *       not listed in the layout's index and younger than the grace window (so a rewritten, newer
 *       index does not expose them).
 *   <li>Keep the dependency closure of the roots. A kept spec's dependencies are therefore kept, and no
 *       later rule can delete a kept spec.
 *   <li>Delete complete specs older than {@code maxAge} that are not kept.
 *   <li>Delete every spec that depends, transitively, on a deleted one: one breadth-first walk over
 *       reverse edges reaches the fixed point, so no second pass or re-listing is needed.
 *   <li>Delete incomplete specs (orphans) whose newest object is older than the grace window.
 *   <li>v3 blobs: delete blobs that only deleted manifests reference (with that spec's reason), and
 *       blobs no manifest references once older than the grace window; never a blob newer than the cutoff.
 * </ol>
 */
public final class PrunePlanner {
  private PrunePlanner() {}

  public static PrunePlan plan(CacheInventory inventory, Set<String> keepHashes, PruneRules rules) {
    Instant oldBefore = rules.now().minus(rules.maxAge());
    Instant graceBefore = rules.now().minus(rules.orphanGrace());
    Map<Layout, Instant> cutoffs = new EnumMap<>(Layout.class);
    List<SpecVerdict> verdicts = new ArrayList<>();
    Map<Layout, Set<String>> drops = new EnumMap<>(Layout.class);
    Set<String> present = new HashSet<>();

    for (Layout layout : Layout.values()) {
      // Hash maps for speed; every walk below goes in hash order, so the result is deterministic.
      Map<String, CacheSpec> specs = new HashMap<>();
      for (CacheSpec s : inventory.specs()) {
        if (s.layout() == layout && specs.put(s.hash(), s) != null) {
          throw new IllegalArgumentException("spec listed twice in the inventory: " + s.id());
        }
      }
      List<String> order = specs.keySet().stream().sorted().toList();
      present.addAll(specs.keySet());
      Instant cutoff = inventory.indexTime(layout)
          .filter(t -> t.isBefore(rules.now())).orElse(rules.now());
      cutoffs.put(layout, cutoff);
      java.util.Optional<Set<String>> indexed = inventory.indexTime(layout).map(t -> inventory.indexed(layout));
      Map<String, SpecVerdict> decided =
          decideLayout(specs, order, inventory, keepHashes, cutoff, indexed, oldBefore, graceBefore);
      order.forEach(h -> verdicts.add(decided.get(h)));

      Set<String> drop = new TreeSet<>();
      decided.values().stream().filter(SpecVerdict::deleted).forEach(v -> drop.add(v.spec().hash()));
      for (String h : inventory.indexed(layout)) {
        if (!specs.containsKey(h)) {
          drop.add(h);
        }
      }
      drops.put(layout, drop);
    }

    List<Deletion> deletions = new ArrayList<>();
    for (SpecVerdict v : verdicts) {
      if (v.deleted()) {
        CacheSpec s = v.spec();
        for (StoredObject o : s.objects()) {
          deletions.add(new Deletion(o, s.layout(), s.hash(), s.name(), v.reason().orElseThrow(), v.cause()));
        }
      }
    }
    deletions.addAll(blobDeletions(inventory, verdicts, cutoffs.get(Layout.V3), graceBefore));
    deletions.sort(Comparator.comparing(Deletion::key));
    for (int i = 1; i < deletions.size(); i++) {
      if (deletions.get(i).key().equals(deletions.get(i - 1).key())) {
        throw new IllegalStateException("object planned twice: " + deletions.get(i).key());
      }
    }

    int lockedNotInCache = (int) keepHashes.stream().filter(h -> !present.contains(h)).count();
    return new PrunePlan(rules, cutoffs, verdicts, deletions, drops, keepHashes.size(), lockedNotInCache);
  }

  /** @param indexed the hashes the layout's index lists, or empty when the layout has no index */
  private static Map<String, SpecVerdict> decideLayout(Map<String, CacheSpec> specs, List<String> order,
      CacheInventory inventory,
      Set<String> keepHashes, Instant cutoff, java.util.Optional<Set<String>> indexed, Instant oldBefore,
      Instant graceBefore) {
    Map<String, SpecVerdict> decided = new HashMap<>();

    // 1 + 2: roots and their dependency closure.
    Deque<String> queue = new ArrayDeque<>();
    for (String hash : order) {
      CacheSpec s = specs.get(hash);
      if (keepHashes.contains(s.hash())) {
        decided.put(s.hash(), SpecVerdict.keep(s, Verdict.KEEP_LOCKFILE));
        queue.add(s.hash());
      } else if (newerThan(s, inventory, cutoff)
          || (indexed.isPresent() && !indexed.get().contains(s.hash()) && s.newest().isAfter(graceBefore))) {
        decided.put(s.hash(), SpecVerdict.keep(s, Verdict.KEEP_NEW));
        queue.add(s.hash());
      }
    }
    while (!queue.isEmpty()) {
      for (String dep : specs.get(queue.poll()).dependencies()) {
        CacheSpec d = specs.get(dep);
        if (d != null && !decided.containsKey(dep)) {
          decided.put(dep, SpecVerdict.keep(d, Verdict.KEEP_DEPENDENCY));
          queue.add(dep);
        }
      }
    }

    // 3: too old.
    for (String hash : order) {
      CacheSpec s = specs.get(hash);
      if (!decided.containsKey(s.hash()) && s.state() == State.COMPLETE && s.time().isBefore(oldBefore)) {
        decided.put(s.hash(), SpecVerdict.delete(s, Reason.TOO_OLD, ""));
        queue.add(s.hash());
      }
    }

    // 4: dependents of deleted specs, to the fixed point in one walk over reverse edges.
    Map<String, List<String>> dependents = new HashMap<>();
    for (String hash : order) {
      for (String dep : specs.get(hash).dependencies()) {
        dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(hash);
      }
    }
    while (!queue.isEmpty()) {
      String deleted = queue.poll();
      for (String h : dependents.getOrDefault(deleted, List.of())) {
        CacheSpec s = specs.get(h);
        if (!decided.containsKey(h) && s.state() != State.UNREADABLE) {
          decided.put(h, SpecVerdict.delete(s, Reason.DEPENDENT, deleted));
          queue.add(h);
        }
      }
    }

    // 5: orphans past the grace window; the rest stays.
    for (String hash : order) {
      CacheSpec s = specs.get(hash);
      if (decided.containsKey(s.hash())) {
        continue;
      }
      SpecVerdict v = switch (s.state()) {
        case COMPLETE -> SpecVerdict.keep(s, Verdict.KEEP_YOUNG);
        case UNREADABLE -> SpecVerdict.keep(s, Verdict.KEEP_UNREADABLE);
        case MISSING_TARBALL, MISSING_SPEC_FILE, MISSING_BLOBS -> s.newest().isBefore(graceBefore)
            ? SpecVerdict.delete(s, orphanReason(s.state()), "")
            : SpecVerdict.keep(s, Verdict.KEEP_GRACE);
      };
      decided.put(s.hash(), v);
    }
    return decided;
  }

  private static boolean newerThan(CacheSpec s, CacheInventory inventory, Instant cutoff) {
    if (s.newest().isAfter(cutoff)) {
      return true;
    }
    for (String b : s.blobKeys()) {
      StoredObject blob = inventory.blobs().get(b);
      if (blob != null && blob.lastModified().isAfter(cutoff)) {
        return true;
      }
    }
    return false;
  }

  private static Reason orphanReason(State state) {
    return switch (state) {
      case MISSING_TARBALL -> Reason.ORPHAN_SPEC_FILE;
      case MISSING_SPEC_FILE -> Reason.ORPHAN_TARBALL;
      case MISSING_BLOBS -> Reason.INCOMPLETE_MANIFEST;
      default -> throw new IllegalArgumentException(state.name());
    };
  }

  private static List<Deletion> blobDeletions(CacheInventory inventory, List<SpecVerdict> verdicts, Instant cutoff,
      Instant graceBefore) {
    Set<String> referenced = new HashSet<>(inventory.pinnedBlobs());
    Map<String, SpecVerdict> onlyDeleted = new HashMap<>();
    for (SpecVerdict v : verdicts) {
      if (v.spec().layout() != Layout.V3) {
        continue;
      }
      for (String b : v.spec().blobKeys()) {
        if (v.deleted()) {
          onlyDeleted.putIfAbsent(b, v);
        } else {
          referenced.add(b);
        }
      }
    }
    List<Deletion> out = new ArrayList<>();
    for (StoredObject blob : new TreeMap<>(inventory.blobs()).values()) {
      if (referenced.contains(blob.key()) || blob.lastModified().isAfter(cutoff)) {
        continue;
      }
      SpecVerdict owner = onlyDeleted.get(blob.key());
      if (owner != null) {
        CacheSpec s = owner.spec();
        out.add(new Deletion(blob, Layout.V3, s.hash(), s.name(), owner.reason().orElseThrow(), owner.cause()));
      } else if (inventory.blobReferencesComplete() && blob.lastModified().isBefore(graceBefore)) {
        out.add(new Deletion(blob, Layout.V3, "", "", Reason.ORPHAN_BLOB, ""));
      }
    }
    return out;
  }
}
