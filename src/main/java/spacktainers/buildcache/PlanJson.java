package spacktainers.buildcache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import spacktainers.common.InvalidInputException;

/**
 * The machine-readable form of a run ({@code --json}) and of a saved plan ({@code --plan-out}); one
 * schema, so a saved plan is also the full report. Keys are written in a fixed order, lists sorted.
 */
public final class PlanJson {
  public static final String FORMAT = "spacktainers-cache-prune-plan/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanJson() {}

  public static String write(PruneRun run) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("bucket", run.bucket());
    root.put("prefix", run.prefix());
    PrunePlan plan = run.plan();
    ObjectNode rules = root.putObject("rules");
    rules.put("now", plan.rules().now().toString());
    rules.put("max_age_seconds", plan.rules().maxAge().toSeconds());
    rules.put("orphan_grace_seconds", plan.rules().orphanGrace().toSeconds());
    ObjectNode cut = rules.putObject("cutoffs");
    new java.util.EnumMap<>(plan.cutoffs()).forEach((l, t) -> cut.put(l.label(), t.toString()));
    ObjectNode keep = root.putObject("keep");
    keep.put("lockfiles", run.lockfiles());
    keep.put("hashes_not_in_cache", plan.lockedNotInCache());
    ArrayNode hashes = keep.putArray("hashes");
    new TreeSet<>(run.keepHashes()).forEach(hashes::add);

    ObjectNode inv = root.putObject("inventory");
    inv.put("objects", run.inventory().listedObjects());
    inv.put("bytes", run.inventory().listedBytes());
    ObjectNode perLayout = inv.putObject("specs");
    for (Layout l : Layout.values()) {
      perLayout.put(l.label(), run.summary().specsPerLayout().getOrDefault(l, 0));
    }
    inv.put("list_requests", run.counts().listPages());
    inv.put("index_gets", run.counts().indexGets());
    inv.put("manifest_gets", run.counts().manifestGets());
    inv.put("spec_file_gets", run.counts().specFileGets());
    requests(inv.putObject("requests"), run.planRequests());

    PlanSummary s = run.summary();
    ObjectNode kept = root.putObject("kept");
    tally(kept, s.keptTotal());
    ObjectNode keptBy = kept.putObject("by_reason");
    new java.util.EnumMap<>(s.kept()).forEach((v, t) ->
        tally(keptBy.putObject(v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')), t));
    ObjectNode del = root.putObject("delete");
    tally(del, s.deletedTotal());
    ObjectNode delBy = del.putObject("by_reason");
    new java.util.EnumMap<>(s.deleted()).forEach((r, t) -> tally(delBy.putObject(r.slug()), t));
    ArrayNode top = del.putArray("top_packages");
    for (PlanSummary.PackageTally p : s.topPackages()) {
      top.addObject().put("name", p.name()).put("specs", p.specs()).put("bytes", p.bytes());
    }
    ObjectNode drops = root.putObject("index_drops");
    for (Layout l : Layout.values()) {
      ArrayNode a = drops.putArray(l.label());
      plan.drops(l).forEach(a::add);
    }
    ArrayNode dels = root.putArray("deletions");
    for (Deletion d : plan.deletions()) {
      ObjectNode o = dels.addObject();
      o.put("key", d.key());
      o.put("size", d.object().size());
      o.put("etag", d.object().etag());
      o.put("last_modified", d.object().lastModified().toString());
      o.put("layout", d.layout().label());
      o.put("hash", d.hash());
      o.put("name", d.name());
      o.put("reason", d.reason().slug());
      if (!d.cause().isEmpty()) {
        o.put("cause", d.cause());
      }
    }
    ArrayNode warnings = root.putArray("warnings");
    run.warnings().forEach(warnings::add);
    run.applied().ifPresent(a -> {
      ObjectNode ap = root.putObject("applied");
      ap.put("deleted_objects", a.outcome().deleted().size());
      ap.put("deleted_bytes", a.outcome().deletedBytes());
      ap.put("already_gone", a.alreadyGone());
      ap.put("delete_requests", a.outcome().requests());
      requests(ap.putObject("requests"), a.requests());
      ArrayNode failed = ap.putArray("failures");
      for (PruneExecutor.Failure f : a.outcome().failures()) {
        failed.addObject().put("key", f.key()).put("code", f.code()).put("message", f.message());
      }
      ArrayNode idx = ap.putArray("indexes");
      for (IndexRewriter.Outcome i : a.indexes()) {
        ObjectNode o = idx.addObject();
        o.put("layout", i.layout().label()).put("key", i.key())
            .put("status", i.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .put("dropped", i.dropped());
        if (!i.detail().isEmpty()) {
          o.put("detail", i.detail());
        }
        if (!i.hint().isEmpty()) {
          o.put("rebuild_command", i.hint());
        }
      }
    });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static void tally(ObjectNode o, PlanSummary.Tally t) {
    o.put("specs", t.specs());
    o.put("objects", t.objects());
    o.put("bytes", t.bytes());
  }

  private static void requests(ObjectNode o, RequestStats r) {
    new java.util.TreeMap<>(r.attempts()).forEach(o::put);
    o.put("retries", r.retries());
  }

  /** A plan read back from {@code --plan-out}, to be applied as is. */
  public record SavedPlan(String bucket, String prefix, PruneRules rules, Set<String> keepHashes, int lockfiles,
      List<Deletion> deletions, Map<Layout, Set<String>> indexDrops) {}

  public static SavedPlan read(String where, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var l = e.getLocation();
      throw InvalidInputException.of(l == null ? where : where + ":" + l.getLineNr() + ":" + l.getColumnNr(),
          "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw InvalidInputException.of(where + ": format",
          "not a plan written by 'cache prune --plan-out' (expected format '" + FORMAT + "')");
    }
    try {
      PruneRules rules = new PruneRules(Instant.parse(text(where, root, "rules", "now")),
          Duration.ofSeconds(number(where, root.path("rules"), "max_age_seconds")),
          Duration.ofSeconds(number(where, root.path("rules"), "orphan_grace_seconds")));
      Set<String> keep = new TreeSet<>();
      root.path("keep").path("hashes").forEach(h -> keep.add(h.asText()));
      List<Deletion> deletions = new ArrayList<>();
      int i = 0;
      for (JsonNode d : root.path("deletions")) {
        String at = where + ": deletions[" + i++ + "]";
        StoredObject o = new StoredObject(text(at, d, "key"), number(at, d, "size"),
            Instant.parse(text(at, d, "last_modified")), d.path("etag").asText(""));
        deletions.add(new Deletion(o, layout(at, d.path("layout").asText()), d.path("hash").asText(""),
            d.path("name").asText(""), reason(at, d.path("reason").asText()), d.path("cause").asText("")));
      }
      Map<Layout, Set<String>> drops = new EnumMap<>(Layout.class);
      for (Layout l : Layout.values()) {
        Set<String> s = new TreeSet<>();
        root.path("index_drops").path(l.label()).forEach(h -> s.add(h.asText()));
        drops.put(l, s);
      }
      return new SavedPlan(text(where, root, "bucket"), root.path("prefix").asText(""), rules, keep,
          root.path("keep").path("lockfiles").asInt(0), deletions, drops);
    } catch (DateTimeParseException e) {
      throw InvalidInputException.of(where, "bad timestamp '" + e.getParsedString() + "'");
    }
  }

  private static String text(String where, JsonNode n, String... path) {
    JsonNode x = n;
    for (String p : path) {
      x = x.path(p);
    }
    if (!x.isTextual() || x.asText().isEmpty()) {
      throw InvalidInputException.of(where + ": " + String.join(".", path), "missing or not a string");
    }
    return x.asText();
  }

  private static long number(String where, JsonNode n, String key) {
    if (!n.path(key).isIntegralNumber() || n.path(key).asLong() < 0) {
      throw InvalidInputException.of(where + ": " + key, "missing or not a non-negative integer");
    }
    return n.path(key).asLong();
  }

  private static Layout layout(String where, String s) {
    for (Layout l : Layout.values()) {
      if (l.label().equals(s)) {
        return l;
      }
    }
    throw InvalidInputException.of(where + ": layout", "unknown layout '" + s + "'");
  }

  private static Reason reason(String where, String s) {
    try {
      return Reason.fromSlug(s);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(where + ": reason", e.getMessage());
    }
  }
}
