package spacktainers.buildcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import spacktainers.buildcache.CacheSpec.State;

/**
 * The planner's laws on random caches: random spec DAGs in both layouts, random ages, incomplete
 * specs, shared and orphaned blobs, random indexes and lockfiles.
 */
class PrunePlannerPropertyTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** A random cache, the lockfiles' hashes and the rules. */
  record Scenario(CacheInventory inventory, Set<String> keep, PruneRules rules) {
    @Override
    public String toString() {
      return inventory.specs().size() + " specs, " + inventory.blobs().size() + " blobs, keep " + keep.size()
          + ", max-age " + rules.maxAge() + ", grace " + rules.orphanGrace();
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.randomValue(PrunePlannerPropertyTest::random);
  }

  static Scenario random(Random r) {
    InventoryModel m = new InventoryModel();
    int n = 1 + r.nextInt(40);
    List<String> names = new ArrayList<>();
    List<String> blobPool = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      blobPool.add("shared-" + i);
    }
    for (int i = 0; i < n; i++) {
      String name = "s" + i;
      // Deps point to earlier specs (a DAG), sometimes to hashes missing from the cache.
      List<String> deps = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (r.nextInt(i + 1) < 2) {
          deps.add(names.get(j));
        }
      }
      if (r.nextInt(10) == 0) {
        deps.add("missing-" + i);
      }
      // Ages from minutes to 20 days; now and then a little in the future (clock skew, pushes in flight).
      Instant t = NOW.minusSeconds(r.nextInt(20 * 86400) - (r.nextInt(15) == 0 ? 86400 : 0));
      Set<String> depHashes = new HashSet<>();
      deps.forEach(d -> depHashes.add(CacheFixture.hash(d)));
      int layout = r.nextInt(3);   // 0: v2, 1: v3, 2: both (a migrated spec)
      if (layout != 1) {
        int shape = r.nextInt(10);
        m.v2(name, t, depHashes, shape != 0, shape != 1);
      }
      if (layout != 0) {
        List<String> blobs = List.of(r.nextInt(4) == 0 ? blobPool.get(r.nextInt(blobPool.size())) : name + "-t",
            name + "-s");
        m.v3(name, t, blobs, r.nextInt(8) != 0, deps.toArray(String[]::new));
      }
      names.add(name);
    }
    for (int i = 0; i < r.nextInt(5); i++) {
      m.blob("orphan-" + i, NOW.minusSeconds(r.nextInt(5 * 86400)));
    }
    if (r.nextBoolean()) {
      m.pinned.add(m.blob("index-" + r.nextInt(3), NOW.minusSeconds(r.nextInt(3 * 86400))));
    }
    m.refsComplete = r.nextInt(6) != 0;
    for (Layout l : Layout.values()) {
      if (r.nextBoolean()) {
        m.indexTimes.put(l, NOW.minusSeconds(r.nextInt(4 * 86400)));
        Set<String> idx = new HashSet<>();
        m.specs.stream().filter(s -> s.layout() == l && r.nextInt(4) != 0).forEach(s -> idx.add(s.hash()));
        idx.add(CacheFixture.hash("stale-" + l));
        m.indexed.put(l, idx);
      }
    }
    Set<String> keep = new HashSet<>();
    for (String name : names) {
      if (r.nextInt(5) == 0) {
        keep.add(CacheFixture.hash(name));
      }
    }
    if (r.nextBoolean()) {
      keep.add(CacheFixture.hash("only-in-a-lockfile"));
    }
    PruneRules rules = new PruneRules(NOW, Duration.ofDays(r.nextInt(10)), Duration.ofHours(r.nextInt(48)));
    return new Scenario(m.build(), keep, rules);
  }

  /** Specs reachable from the lockfiles, per layout, computed independently of the planner. */
  static Set<String> reachableFromLockfiles(CacheInventory inv, Set<String> keep) {
    Map<String, CacheSpec> byId = new HashMap<>();
    inv.specs().forEach(s -> byId.put(s.id(), s));
    Set<String> seen = new HashSet<>();
    Deque<CacheSpec> todo = new ArrayDeque<>();
    inv.specs().stream().filter(s -> keep.contains(s.hash())).forEach(todo::add);
    while (!todo.isEmpty()) {
      CacheSpec s = todo.poll();
      if (seen.add(s.id())) {
        for (String d : s.dependencies()) {
          CacheSpec dep = byId.get(s.layout().label() + ":" + d);
          if (dep != null) {
            todo.add(dep);
          }
        }
      }
    }
    return seen;
  }

  @Property(tries = 300)
  void nothingReachableFromALockfileIsEverDeleted(@ForAll("scenarios") Scenario sc) {
    PrunePlan plan = PrunePlanner.plan(sc.inventory(), sc.keep(), sc.rules());
    Set<String> reachable = reachableFromLockfiles(sc.inventory(), sc.keep());
    Set<String> protectedKeys = new HashSet<>(sc.inventory().pinnedBlobs());
    for (CacheSpec s : sc.inventory().specs()) {
      if (reachable.contains(s.id())) {
        s.objects().forEach(o -> protectedKeys.add(o.key()));
        protectedKeys.addAll(s.blobKeys());
      }
    }
    for (Deletion d : plan.deletions()) {
      assertFalse(protectedKeys.contains(d.key()), "deleted an object a lockfile needs: " + d);
      assertFalse(d.object().lastModified().isAfter(plan.cutoffs().get(d.layout())), "deleted a new object: " + d);
    }
  }

  @Property(tries = 300)
  void everyDeletedSpecsReasonHolds(@ForAll("scenarios") Scenario sc) {
    CacheInventory inv = sc.inventory();
    PruneRules rules = sc.rules();
    PrunePlan plan = PrunePlanner.plan(inv, sc.keep(), rules);
    Set<String> reachable = reachableFromLockfiles(inv, sc.keep());
    Map<String, SpecVerdict> byId = new HashMap<>();
    plan.verdicts().forEach(v -> byId.put(v.spec().id(), v));
    Instant oldBefore = rules.now().minus(rules.maxAge());
    Instant graceBefore = rules.now().minus(rules.orphanGrace());
    for (SpecVerdict v : plan.verdicts()) {
      if (!v.deleted()) {
        continue;
      }
      CacheSpec s = v.spec();
      assertFalse(reachable.contains(s.id()), s.id());
      assertFalse(s.newest().isAfter(plan.cutoffs().get(s.layout())), s.id());
      switch (v.reason().orElseThrow()) {
        case TOO_OLD -> {
          assertEquals(State.COMPLETE, s.state());
          assertTrue(s.time().isBefore(oldBefore), s.id() + " is not older than --max-age");
        }
        case DEPENDENT -> {
          assertTrue(s.dependencies().contains(v.cause()), s.id() + " does not depend on " + v.cause());
          SpecVerdict dep = byId.get(s.layout().label() + ":" + v.cause());
          assertTrue(dep != null && dep.deleted(), s.id() + ": its cause " + v.cause() + " is not deleted");
        }
        case ORPHAN_SPEC_FILE -> assertOrphan(s, State.MISSING_TARBALL, graceBefore);
        case ORPHAN_TARBALL -> assertOrphan(s, State.MISSING_SPEC_FILE, graceBefore);
        case INCOMPLETE_MANIFEST -> assertOrphan(s, State.MISSING_BLOBS, graceBefore);
        case ORPHAN_BLOB -> throw new AssertionError("a spec cannot be an orphan blob");
      }
    }
    Set<String> referencedByRemaining = new HashSet<>(inv.pinnedBlobs());
    Set<String> referencedByAny = new HashSet<>(inv.pinnedBlobs());
    for (SpecVerdict v : plan.verdicts()) {
      referencedByAny.addAll(v.spec().blobKeys());
      if (!v.deleted()) {
        referencedByRemaining.addAll(v.spec().blobKeys());
      }
    }
    for (Deletion d : plan.deletions()) {
      if (!inv.blobs().containsKey(d.key())) {
        continue;
      }
      assertFalse(referencedByRemaining.contains(d.key()), "blob still referenced: " + d);
      if (d.reason() == Reason.ORPHAN_BLOB) {
        assertTrue(inv.blobReferencesComplete());
        assertFalse(referencedByAny.contains(d.key()));
        assertTrue(d.object().lastModified().isBefore(graceBefore));
      } else {
        assertTrue(byId.get(d.specId()).deleted() && byId.get(d.specId()).spec().blobKeys().contains(d.key()), d.toString());
      }
    }
  }

  private static void assertOrphan(CacheSpec s, State state, Instant graceBefore) {
    assertEquals(state, s.state(), s.id());
    assertTrue(s.newest().isBefore(graceBefore), s.id() + " is within the grace window");
  }

  @Property(tries = 300)
  void applyingThePlanTwiceDeletesNothingTheSecondTime(@ForAll("scenarios") Scenario sc) {
    PrunePlan first = PrunePlanner.plan(sc.inventory(), sc.keep(), sc.rules());
    CacheInventory after = without(sc.inventory(), first);
    PrunePlan second = PrunePlanner.plan(after, sc.keep(), sc.rules());
    assertEquals(List.of(), second.deletions());
  }

  /** The inventory a listing would give after the plan's deletions (and index rewrite). */
  static CacheInventory without(CacheInventory inv, PrunePlan plan) {
    Set<String> gone = new HashSet<>();
    plan.deletions().forEach(d -> gone.add(d.key()));
    Map<String, StoredObject> blobs = new HashMap<>(inv.blobs());
    blobs.keySet().removeAll(gone);
    List<CacheSpec> specs = new ArrayList<>();
    for (CacheSpec s : inv.specs()) {
      List<StoredObject> left = s.objects().stream().filter(o -> !gone.contains(o.key())).toList();
      if (left.isEmpty()) {
        continue;
      }
      if (s.layout() == Layout.V2) {
        List<StoredObject> specFiles = left.stream().filter(o -> !o.key().endsWith(".spack")).toList();
        Optional<StoredObject> tarball = left.stream().filter(o -> o.key().endsWith(".spack")).findFirst();
        specs.add(CacheSpec.v2(s.hash(), s.name(), specFiles, tarball, s.dependencies()));
      } else {
        specs.add(CacheSpec.v3(s.hash(), s.name(), left.get(0), s.blobKeys(), true, blobs::containsKey,
            s.dependencies()));
      }
    }
    Map<Layout, Set<String>> indexed = new HashMap<>();
    inv.indexedHashes().forEach((l, hs) -> {
      Set<String> s = new HashSet<>(hs);
      s.removeAll(plan.drops(l));
      indexed.put(l, s);
    });
    return new CacheInventory(specs, blobs, inv.pinnedBlobs(), inv.blobReferencesComplete(), inv.indexTimes(),
        indexed, 0, 0);
  }
}
