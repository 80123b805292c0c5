package spacktainers.buildcache;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rewrites each index without the specs a run deleted (and without entries whose objects were gone
 * already), the way Spack writes them:
 *
 * <ul>
 *   <li>v2: {@code build_cache/index.json}, then {@code index.json.hash} (its sha256 in hex), both
 *       {@code Cache-Control: no-cache}.
 *   <li>v3: the new database blob under {@code blobs/sha256/...}, then the index manifest pointing at
 *       it. The old blob is left for a later run's orphan rule (a reader may be fetching it now).
 * </ul>
 *
 * <p>Before writing, the index is checked (HEAD) against the ETag read during the inventory; if
 * someone replaced it meanwhile, or a v3 index manifest is signed (we hold no key), the index is left
 * alone and the outcome names the Spack command that rebuilds it.
 */
public final class IndexRewriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BucketStore store;
  private final String prefix;

  public IndexRewriter(BucketStore store, String prefix) {
    this.store = store;
    this.prefix = InventoryReader.normalizePrefix(prefix);
  }

  /** What happened to one index. */
  public enum Status { REWRITTEN, UNCHANGED, CHANGED_MEANWHILE, SIGNED, FAILED }

  /**
   * @param dropped entries removed (0 unless rewritten)
   * @param hint for statuses other than REWRITTEN/UNCHANGED: the command that rebuilds the index
   */
  public record Outcome(Layout layout, String key, Status status, int dropped, String detail, String hint) {
    public boolean ok() {
      return status == Status.REWRITTEN || status == Status.UNCHANGED;
    }
  }

  public List<Outcome> rewrite(List<IndexSnapshot> indexes, Map<Layout, Set<String>> drops) {
    List<Outcome> out = new ArrayList<>();
    for (IndexSnapshot idx : indexes) {
      Set<String> drop = new TreeSet<>(drops.getOrDefault(idx.layout(), Set.of()));
      drop.retainAll(idx.database().inCache());
      out.add(rewriteOne(idx, drop));
    }
    return out;
  }

  private Outcome rewriteOne(IndexSnapshot idx, Set<String> drop) {
    if (drop.isEmpty()) {
      return new Outcome(idx.layout(), idx.key(), Status.UNCHANGED, 0, "nothing to remove", "");
    }
    String hint = rebuildCommand(store.bucket(), prefix, idx.layout());
    if (idx.manifest().map(Manifest::signed).orElse(false)) {
      return new Outcome(idx.layout(), idx.key(), Status.SIGNED, 0,
          "the index manifest is signed and cannot be re-signed here", hint);
    }
    try {
      Optional<StoredObject> now = store.head(idx.key());
      if (now.isEmpty() || !now.get().etag().equals(idx.object().etag())) {
        return new Outcome(idx.layout(), idx.key(), Status.CHANGED_MEANWHILE, 0,
            "the index was replaced or removed while pruning; not overwriting it", hint);
      }
      byte[] db = idx.database().without(drop, JSON);
      if (idx.layout() == Layout.V2) {
        store.put(idx.key(), db, "application/json", "no-cache");
        store.put(idx.key() + ".hash", sha256(db).getBytes(StandardCharsets.US_ASCII), "text/plain", "no-cache");
      } else {
        Manifest old = idx.manifest().orElseThrow();
        String checksum = sha256(db);
        Manifest.Entry entry = new Manifest.Entry(db.length,
            old.first(Manifest.DB_MEDIA_TYPE_PREFIX).orElseThrow().mediaType(), "none", "sha256", checksum);
        store.put(prefix + entry.blobKey().orElseThrow(), db, "application/octet-stream", "");
        List<Manifest.Entry> data = old.data().stream()
            .map(e -> e.mediaType().startsWith(Manifest.DB_MEDIA_TYPE_PREFIX) ? entry : e).toList();
        store.put(idx.key(), new Manifest(false, data).toBytes(JSON), "application/json", "no-cache");
      }
      return new Outcome(idx.layout(), idx.key(), Status.REWRITTEN, drop.size(), "", "");
    } catch (StoreException e) {
      return new Outcome(idx.layout(), idx.key(), Status.FAILED, 0, e.getMessage(), hint);
    }
  }

  /** The Spack command that rebuilds a layout's index from the specs in the mirror. */
  public static String rebuildCommand(String bucket, String prefix, Layout layout) {
    String url = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.replaceAll("/+$", ""));
    return "spack buildcache update-index " + url
        + (layout == Layout.V2 ? "   (with Spack 0.23 or older: Spack 1.x reads v2 caches only)" : "");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
