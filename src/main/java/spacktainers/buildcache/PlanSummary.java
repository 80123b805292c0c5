package spacktainers.buildcache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import spacktainers.buildcache.SpecVerdict.Verdict;

/**
 * The figures a plan report shows: kept and deleted specs, objects and bytes, per reason, and the
 * packages that free the most space. Derived from a {@link PrunePlan} alone.
 */
public record PlanSummary(Map<Verdict, Tally> kept, Map<Reason, Tally> deleted, Tally keptTotal, Tally deletedTotal,
    List<PackageTally> topPackages, Map<Layout, Integer> specsPerLayout) {

  public PlanSummary {
    kept = java.util.Collections.unmodifiableMap(new EnumMap<>(kept.isEmpty() ? new EnumMap<>(Verdict.class) : kept));
    deleted = java.util.Collections.unmodifiableMap(
        new EnumMap<>(deleted.isEmpty() ? new EnumMap<>(Reason.class) : deleted));
    topPackages = List.copyOf(topPackages);
    specsPerLayout = java.util.Collections.unmodifiableMap(
        new EnumMap<>(specsPerLayout.isEmpty() ? new EnumMap<>(Layout.class) : specsPerLayout));
  }

  /** Specs, objects and bytes of one group. */
  public record Tally(long specs, long objects, long bytes) {
    static final Tally ZERO = new Tally(0, 0, 0);

    Tally plus(long s, long o, long b) {
      return new Tally(specs + s, objects + o, bytes + b);
    }
  }

  /** Bytes one package's deleted specs free. */
  public record PackageTally(String name, long specs, long bytes) {}

  public static final String UNREFERENCED_BLOBS = "(unreferenced blobs)";
  public static final String UNKNOWN = "(unknown package)";

  public static PlanSummary of(PrunePlan plan, CacheInventory inventory, int top) {
    Map<Verdict, Tally> kept = new EnumMap<>(Verdict.class);
    Map<Reason, Tally> deleted = new EnumMap<>(Reason.class);
    Tally keptTotal = Tally.ZERO;
    Map<Layout, Integer> perLayout = new EnumMap<>(Layout.class);
    Set<String> keptBlobs = new HashSet<>();
    for (SpecVerdict v : plan.verdicts()) {
      perLayout.merge(v.spec().layout(), 1, Integer::sum);
      if (!v.deleted()) {
        long blobBytes = 0;
        long blobs = 0;
        for (String b : v.spec().blobKeys()) {
          StoredObject o = inventory.blobs().get(b);
          if (o != null && keptBlobs.add(b)) {
            blobBytes += o.size();
            blobs++;
          }
        }
        long objects = v.spec().objects().size() + blobs;
        long bytes = v.spec().bytes() + blobBytes;
        kept.merge(v.verdict(), Tally.ZERO.plus(1, objects, bytes), PlanSummary::add);
        keptTotal = keptTotal.plus(1, objects, bytes);
      }
    }
    Tally deletedTotal = Tally.ZERO;
    Map<String, Set<String>> specsByName = new TreeMap<>();
    Map<String, Long> bytesByName = new TreeMap<>();
    Map<Reason, Set<String>> specsByReason = new EnumMap<>(Reason.class);
    for (Deletion d : plan.deletions()) {
      long size = d.object().size();
      boolean newSpec = !d.specId().isEmpty()
          && specsByReason.computeIfAbsent(d.reason(), r -> new HashSet<>()).add(d.specId());
      deleted.merge(d.reason(), Tally.ZERO.plus(newSpec ? 1 : 0, 1, size), PlanSummary::add);
      deletedTotal = deletedTotal.plus(newSpec ? 1 : 0, 1, size);
      String name = d.specId().isEmpty() ? UNREFERENCED_BLOBS : d.name().isEmpty() ? UNKNOWN : d.name();
      if (!d.specId().isEmpty()) {
        specsByName.computeIfAbsent(name, n -> new HashSet<>()).add(d.specId());
      } else {
        specsByName.computeIfAbsent(name, n -> new HashSet<>());
      }
      bytesByName.merge(name, size, Long::sum);
    }
    List<PackageTally> packages = new ArrayList<>();
    bytesByName.forEach((n, b) -> packages.add(new PackageTally(n, specsByName.get(n).size(), b)));
    packages.sort(Comparator.comparingLong(PackageTally::bytes).reversed().thenComparing(PackageTally::name));
    return new PlanSummary(kept, deleted, keptTotal, deletedTotal,
        List.copyOf(packages.subList(0, Math.min(top, packages.size()))), perLayout);
  }

  private static Tally add(Tally a, Tally b) {
    return a.plus(b.specs(), b.objects(), b.bytes());
  }
}
