package spacktainers.buildcache;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import spacktainers.buildcache.CacheKey.Kind;
import spacktainers.common.Reporter;

/**
 * Builds a {@link CacheInventory} from one paginated listing of the mirror prefix, plus the GETs the
 * layouts need: v2 the index (and the spec file of each spec the index does not list); v3 every spec
 * manifest (to learn its blobs), each index and key manifest, the index's database blob (and the
 * spec blob of each spec that index does not list). No HEAD requests.
 */
public final class InventoryReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BucketStore store;
  private final Reporter reporter;
  private final int parallelism;

  public InventoryReader(BucketStore store, Reporter reporter, int parallelism) {
    this.store = store;
    this.reporter = reporter;
    this.parallelism = Math.max(1, parallelism);
  }

  /** What was read, and the indexes as found (for the rewrite). */
  public record Result(CacheInventory inventory, List<IndexSnapshot> indexes, Counts counts, List<String> warnings) {}

  /** GETs by purpose, so the report can tell the listing cost from the per-manifest cost. */
  public record Counts(long listPages, long indexGets, long manifestGets, long specFileGets) {}

  /** Normalises a mirror prefix: no leading slash, a trailing slash unless empty. */
  public static String normalizePrefix(String prefix) {
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }

  public Result read(String rawPrefix) {
    String prefix = normalizePrefix(rawPrefix);
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "spacktainers-inventory");
      t.setDaemon(true);
      return t;
    });
    try {
      Reading r = new Reading(prefix, list(prefix), pool);
      r.v2();
      r.v3();
      Listing l = r.l;
      CacheInventory inv = new CacheInventory(r.specs, l.v3Blobs, r.pinned, r.refsComplete, r.indexTimes, r.indexed,
          l.objects, l.bytes);
      return new Result(inv, r.indexes,
          new Counts(l.pages, r.indexGets.get(), r.manifestGets.get(), r.specFileGets.get()), r.warnings);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The state of one inventory: the listing, what the GETs found, and the counters. */
  private final class Reading {
    final String prefix;
    final Listing l;
    final ExecutorService pool;
    final List<String> warnings = new ArrayList<>();
    final List<IndexSnapshot> indexes = new ArrayList<>();
    final AtomicLong indexGets = new AtomicLong();
    final AtomicLong manifestGets = new AtomicLong();
    final AtomicLong specFileGets = new AtomicLong();
    final Map<Layout, Set<String>> indexed = new EnumMap<>(Layout.class);
    final Map<Layout, Instant> indexTimes = new EnumMap<>(Layout.class);
    final List<CacheSpec> specs = new ArrayList<>();
    final Set<String> pinned = new HashSet<>();
    boolean refsComplete = true;

    Reading(String prefix, Listing l, ExecutorService pool) {
      this.prefix = prefix;
      this.l = l;
      this.pool = pool;
    }

    /** v2: the index, then the spec files of specs it does not list. */
    void v2() {
      Map<String, SpecNodes.Node> v2Nodes = new HashMap<>();
      if (l.v2Index != null) {
        indexTimes.put(Layout.V2, l.v2Index.lastModified());
        indexGets.incrementAndGet();
        Optional<BucketStore.Content> c = store.get(l.v2Index.key());
        Optional<SpackDatabase> db = c.flatMap(x -> SpackDatabase.parse(x.body(), JSON));
        if (db.isPresent()) {
          v2Nodes.putAll(db.get().nodes());
          indexed.put(Layout.V2, db.get().inCache());
          indexes.add(new IndexSnapshot(Layout.V2, c.get().meta(), db.get(), Optional.empty()));
        } else {
          warnings.add(l.v2Index.key() + ": not a readable Spack index; dependencies come from spec files");
        }
    }
    Map<String, Future<Optional<SpecNodes.Node>>> v2Reads = new TreeMap<>();
    for (Map.Entry<String, List<StoredObject>> e : l.v2SpecFiles.entrySet()) {
      if (!v2Nodes.containsKey(e.getKey())) {
        // .spec.json, then .spec.json.sig, then the .spec.yaml of Spack <= 0.16
        Optional<StoredObject> readable = e.getValue().stream()
            .min(java.util.Comparator.comparingInt((StoredObject o) -> o.key().endsWith(".spec.yaml") ? 2
                : o.key().endsWith(".sig") ? 1 : 0).thenComparing(StoredObject::key));
        readable.ifPresent(o -> v2Reads.put(e.getKey(), pool.submit(() -> {
          specFileGets.incrementAndGet();
          return store.get(o.key()).flatMap(x -> {
            String text = new String(x.body(), StandardCharsets.UTF_8);
            return o.key().endsWith(".spec.yaml") ? SpecNodes.fromYamlSpecFile(text, e.getKey())
                : SpecNodes.fromSpecFile(text, e.getKey(), JSON);
          });
        })));
      }
    }
    Set<String> v2Hashes = new HashSet<>(l.v2SpecFiles.keySet());
    v2Hashes.addAll(l.v2Tarballs.keySet());
    for (String h : new java.util.TreeSet<>(v2Hashes)) {
      Optional<SpecNodes.Node> node = Optional.ofNullable(v2Nodes.get(h));
      if (node.isEmpty() && v2Reads.containsKey(h)) {
        node = await(v2Reads.get(h));
      }
      List<StoredObject> tarballs = l.v2Tarballs.getOrDefault(h, List.of());
      List<StoredObject> specFiles = new ArrayList<>(l.v2SpecFiles.getOrDefault(h, List.of()));
      // Two tarballs of one hash (.spack and an old .tar.gz) both belong to the spec.
      Optional<StoredObject> tarball = tarballs.stream().max((a, b) -> a.lastModified().compareTo(b.lastModified()));
      tarballs.stream().filter(t -> tarball.isPresent() && t != tarball.get()).forEach(specFiles::add);
      String name = node.map(SpecNodes.Node::name).filter(n -> !n.isEmpty())
          .orElseGet(() -> tarball.map(t -> nameFromTarball(t.key())).orElse(""));
      specs.add(CacheSpec.v2(h, name, specFiles, tarball,
          node.map(SpecNodes.Node::dependencyHashes).orElse(Set.of())));
      if (node.isEmpty() && !specFiles.isEmpty() && tarball.isPresent()) {
        warnings.add(specFiles.get(0).key() + ": dependencies unknown (not in the index, spec file unreadable)");
      }
    }
    }

    /** v3: every manifest, then the index database, then the spec blobs of specs the index lacks. */
    void v3() {
      Map<String, Future<Optional<Manifest>>> manifestReads = new TreeMap<>();
      for (StoredObject m : l.v3SpecManifests.values()) {
        manifestReads.put(m.key(), pool.submit(readManifest(m.key(), manifestGets)));
    }
    for (StoredObject m : l.v3OtherManifests) {
      manifestReads.put(m.key(), pool.submit(readManifest(m.key(), indexGets)));
    }
    Map<String, Manifest> manifests = new HashMap<>();
    for (Map.Entry<String, Future<Optional<Manifest>>> e : manifestReads.entrySet()) {
      Optional<Manifest> m = await(e.getValue());
      if (m.isPresent()) {
        manifests.put(e.getKey(), m.get());
      } else {
        refsComplete = false;
        warnings.add(e.getKey() + ": not a readable manifest; unreferenced blobs are kept this run");
      }
    }
    for (StoredObject m : l.v3OtherManifests) {
      Manifest man = manifests.get(m.key());
      if (man != null) {
        man.data().forEach(d -> pinned.add(prefix + d.blobKey().orElseThrow()));
      }
    }
    Map<String, SpecNodes.Node> v3Nodes = new HashMap<>();
    for (StoredObject m : l.v3OtherManifests) {
      String rel = m.key().substring(prefix.length());
      if (rel.equals(CacheKey.V3_MAIN_INDEX)) {
        // The index's time bounds what may be deleted even when its content cannot be read.
        indexTimes.put(Layout.V3, m.lastModified());
      }
      Manifest man = manifests.get(m.key());
      if (man == null || CacheKey.parse(rel).kind() != Kind.V3_INDEX_MANIFEST) {
        continue;
      }
      Optional<Manifest.Entry> dbEntry = man.first(Manifest.DB_MEDIA_TYPE_PREFIX);
      if (dbEntry.isEmpty()) {
        continue;
      }
      indexGets.incrementAndGet();
      Optional<SpackDatabase> db = store.get(prefix + dbEntry.get().blobKey().orElseThrow())
          .flatMap(c -> decompress(c.body(), dbEntry.get().compression()))
          .flatMap(b -> SpackDatabase.parse(b, JSON));
      if (db.isEmpty()) {
        warnings.add(m.key() + ": its database blob is missing or unreadable");
        continue;
      }
      indexes.add(new IndexSnapshot(Layout.V3, m, db.get(), Optional.of(man)));
      if (rel.equals(CacheKey.V3_MAIN_INDEX)) {
        v3Nodes.putAll(db.get().nodes());
        indexed.put(Layout.V3, db.get().inCache());
      }
    }
    Map<String, Future<Optional<SpecNodes.Node>>> v3Reads = new TreeMap<>();
    for (Map.Entry<String, StoredObject> e : l.v3SpecManifests.entrySet()) {
      Manifest man = manifests.get(e.getValue().key());
      if (v3Nodes.containsKey(e.getKey()) || man == null) {
        continue;
      }
      Optional<Manifest.Entry> specEntry = man.first(Manifest.SPEC_MEDIA_TYPE_PREFIX);
      String blob = specEntry.map(s -> prefix + s.blobKey().orElseThrow()).orElse("");
      if (l.v3Blobs.containsKey(blob)) {
        v3Reads.put(e.getKey(), pool.submit(() -> {
          specFileGets.incrementAndGet();
          return store.get(blob).flatMap(c -> decompress(c.body(), specEntry.get().compression()))
              .flatMap(b -> SpecNodes.fromSpecFile(new String(b, StandardCharsets.UTF_8), e.getKey(), JSON));
        }));
      }
    }
    for (Map.Entry<String, StoredObject> e : l.v3SpecManifests.entrySet()) {
      String h = e.getKey();
      StoredObject mo = e.getValue();
      Manifest man = manifests.get(mo.key());
      Optional<SpecNodes.Node> node = Optional.ofNullable(v3Nodes.get(h));
      if (node.isEmpty() && v3Reads.containsKey(h)) {
        node = await(v3Reads.get(h));
      }
      List<String> blobKeys = man == null ? List.of()
          : man.data().stream().map(d -> prefix + d.blobKey().orElseThrow()).toList();
      String name = l.v3Names.get(h);
      specs.add(CacheSpec.v3(h, name, mo, blobKeys, man != null, l.v3Blobs::containsKey,
          node.map(SpecNodes.Node::dependencyHashes).orElse(Set.of())));
    }
    }
  }

  private Callable<Optional<Manifest>> readManifest(String key, AtomicLong counter) {
    return () -> {
      counter.incrementAndGet();
      return store.get(key).flatMap(c -> Manifest.parse(c.body(), JSON));
    };
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", false, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreException(String.valueOf(e.getCause()), false, e.getCause());
    }
  }

  static Optional<byte[]> decompress(byte[] body, String compression) {
    if (!compression.equals("gzip")) {
      return Optional.of(body);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      // Spec and index blobs are JSON of at most a few hundred MB; cap what a bad blob can cost.
      byte[] out = in.readNBytes(512 * 1024 * 1024);
      return Optional.of(out);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code build_cache/<arch>/<compiler>/<name>-<version>/<file>}: the best name a key offers. */
  static String nameFromTarball(String key) {
    String[] parts = key.split("/");
    return parts.length >= 4 ? parts[parts.length - 2] : "";
  }

  /** The objects of the listing, sorted into the layouts' parts. */
  private static final class Listing {
    long objects;
    long bytes;
    long pages;
    StoredObject v2Index;
    final Map<String, List<StoredObject>> v2SpecFiles = new TreeMap<>();
    final Map<String, List<StoredObject>> v2Tarballs = new TreeMap<>();
    final Map<String, StoredObject> v3SpecManifests = new TreeMap<>();
    final Map<String, String> v3Names = new HashMap<>();
    final List<StoredObject> v3OtherManifests = new ArrayList<>();
    final Map<String, StoredObject> v3Blobs = new HashMap<>();
  }

  private Listing list(String prefix) {
    Listing l = new Listing();
    long start = System.nanoTime();
    store.list(prefix, page -> {
      l.pages++;
      for (StoredObject o : page) {
        l.objects++;
        l.bytes += o.size();
        CacheKey k = CacheKey.parse(o.key().substring(prefix.length()));
        switch (k.kind()) {
          case V2_INDEX -> l.v2Index = o;
          case V2_SPEC_FILE -> l.v2SpecFiles.computeIfAbsent(k.hash(), x -> new ArrayList<>()).add(o);
          case V2_TARBALL -> l.v2Tarballs.computeIfAbsent(k.hash(), x -> new ArrayList<>()).add(o);
          case V3_SPEC_MANIFEST -> {
            // One hash under two package folders would be a corrupt mirror; the first one wins, the other is left.
            if (l.v3SpecManifests.putIfAbsent(k.hash(), o) == null) {
              l.v3Names.put(k.hash(), k.name());
            }
          }
          case V3_INDEX_MANIFEST, V3_OTHER_MANIFEST -> l.v3OtherManifests.add(o);
          case V3_BLOB -> l.v3Blobs.put(o.key(), o);
          default -> { }
        }
      }
      double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
      reporter.progress(String.format(java.util.Locale.ROOT, "listing s3://%s/%s: %,d objects (%,.0f objects/s)",
          store.bucket(), prefix, l.objects, l.objects / secs));
    });
    return l;
  }
}
