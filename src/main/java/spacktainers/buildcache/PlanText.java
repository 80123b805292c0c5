package spacktainers.buildcache;

import java.util.List;
import java.util.Locale;
import spacktainers.buildcache.SpecVerdict.Verdict;

/** The human-readable report of a run: plan figures, then what {@code --apply} did. */
public final class PlanText {
  /** Failures listed by key before the rest is summarised (all are in {@code --json}). */
  static final int MAX_LISTED_FAILURES = 20;

  private PlanText() {}

  public static String render(PruneRun run) {
    StringBuilder sb = new StringBuilder();
    PrunePlan plan = run.plan();
    PlanSummary s = run.summary();
    String mirror = "s3://" + run.bucket() + "/" + run.prefix();
    sb.append(run.applied().isPresent() ? "Pruned " : "Prune plan for ").append(mirror)
        .append(run.applied().isPresent() ? "" : " (dry run: nothing deleted; --apply deletes)").append('\n');
    line(sb, "listed %,d objects (%s) in %s; read %s, %s, %s", run.inventory().listedObjects(),
        bytes(run.inventory().listedBytes()), plural(run.counts().listPages(), "list request"),
        plural(run.counts().indexGets(), "index object"), plural(run.counts().manifestGets(), "manifest"),
        plural(run.counts().specFileGets(), "spec file"));
    for (Layout l : Layout.values()) {
      int n = s.specsPerLayout().getOrDefault(l, 0);
      if (n > 0 || run.inventory().indexTime(l).isPresent()) {
        // The run start is not printed, so the same bucket and lockfiles give the same report.
        java.time.Instant cutoff = plan.cutoffs().get(l);
        line(sb, "layout %s: %,d specs; index %s; nothing modified after %s is deleted", l.label(), n,
            run.inventory().indexTime(l).map(Object::toString).orElse("missing"),
            cutoff.equals(plan.rules().now()) ? "the run start" : "the index (" + cutoff + ")");
      }
    }
    line(sb, "rules: --max-age %s, --orphan-grace %s; keep set: %s from %s (%,d in neither layout)",
        duration(plan.rules().maxAge()), duration(plan.rules().orphanGrace()), plural(plan.lockedHashes(), "hash"),
        run.lockfiles() == 0 ? "the saved plan" : plural(run.lockfiles(), "lockfile"), plan.lockedNotInCache());
    sb.append('\n');
    sb.append(String.format(Locale.ROOT, "Keep:   %,8d specs %,9d objects %12s%n", s.keptTotal().specs(),
        s.keptTotal().objects(), bytes(s.keptTotal().bytes())));
    for (Verdict v : Verdict.values()) {
      PlanSummary.Tally t = s.kept().get(v);
      if (t != null) {
        sb.append(String.format(Locale.ROOT, "  %-38s %,8d specs %12s%n", v.description(), t.specs(),
            bytes(t.bytes())));
      }
    }
    sb.append(String.format(Locale.ROOT, "Delete: %,8d specs %,9d objects %12s%n", s.deletedTotal().specs(),
        s.deletedTotal().objects(), bytes(s.deletedTotal().bytes())));
    for (Reason r : Reason.values()) {
      PlanSummary.Tally t = s.deleted().get(r);
      if (t != null) {
        sb.append(String.format(Locale.ROOT, "  %-22s %,8d specs %,9d objects %12s  %s%n", r.slug(), t.specs(),
            t.objects(), bytes(t.bytes()), r.description()));
      }
    }
    if (!s.topPackages().isEmpty()) {
      sb.append("\nTop packages by bytes freed:\n");
      for (PlanSummary.PackageTally p : s.topPackages()) {
        sb.append(String.format(Locale.ROOT, "  %-38s %,8d specs %12s%n", p.name(), p.specs(), bytes(p.bytes())));
      }
    }
    for (Layout l : Layout.values()) {
      long n = plan.drops(l).stream().filter(run.inventory().indexed(l)::contains).count();
      if (n > 0) {
        line(sb, "\nIndex %s: %,d entries to remove", l.label(), n);
      }
    }
    run.applied().ifPresent(a -> applied(sb, a));
    return sb.toString();
  }

  private static void applied(StringBuilder sb, PruneRun.Applied a) {
    sb.append('\n');
    line(sb, "Deleted %,d objects (%s) in %s%s", a.outcome().deleted().size(),
        bytes(a.outcome().deletedBytes()), plural(a.outcome().requests(), "DeleteObjects request"),
        a.alreadyGone() > 0
            ? String.format(Locale.ROOT, "; %,d planned objects were already gone", a.alreadyGone()) : "");
    line(sb, "requests while deleting and rewriting indexes: %s", a.requests().describe());
    List<PruneExecutor.Failure> f = a.outcome().failures();
    if (!f.isEmpty()) {
      line(sb, "NOT deleted: %,d objects (run the same command again to finish):", f.size());
      // A failed request fails all its keys with one message: say it once, then name the keys.
      java.util.Map<String, List<String>> byError = new java.util.TreeMap<>();
      for (PruneExecutor.Failure x : f) {
        byError.computeIfAbsent(x.code() + (x.message().isEmpty() ? "" : ": " + x.message()),
            k -> new java.util.ArrayList<>()).add(x.key());
      }
      int listed = 0;
      for (var e : byError.entrySet()) {
        line(sb, "  %s (%s):", e.getKey(), plural(e.getValue().size(), "object"));
        for (String key : e.getValue()) {
          if (listed++ < MAX_LISTED_FAILURES) {
            line(sb, "    %s", key);
          }
        }
      }
      if (f.size() > MAX_LISTED_FAILURES) {
        line(sb, "  ... and %,d more keys (--json lists all)", f.size() - MAX_LISTED_FAILURES);
      }
    }
    for (IndexRewriter.Outcome i : a.indexes()) {
      switch (i.status()) {
        case REWRITTEN -> line(sb, "index %s: rewritten without %,d entries", i.key(), i.dropped());
        case UNCHANGED -> line(sb, "index %s: unchanged (%s)", i.key(), i.detail());
        default -> {
          line(sb, "index %s: NOT rewritten: %s", i.key(), i.detail());
          line(sb, "  rebuild it with: %s", i.hint());
        }
      }
    }
  }

  static String plural(long n, String noun) {
    String s = n == 1 ? noun : noun.endsWith("h") ? noun + "es" : noun + "s";
    return String.format(Locale.ROOT, "%,d %s", n, s);
  }

  private static void line(StringBuilder sb, String format, Object... args) {
    sb.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  static String duration(java.time.Duration d) {
    long s = d.toSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + (s == 86400 ? " day" : " days");
    }
    if (s % 3600 == 0) {
      return s / 3600 + (s == 3600 ? " hour" : " hours");
    }
    return s + " s";
  }

  /** Binary units, one decimal, fixed locale: the same bytes always print the same. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
