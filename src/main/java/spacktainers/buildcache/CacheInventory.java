package spacktainers.buildcache;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the planner needs to know about a mirror, gathered by one listing plus the GETs the
 * layouts require. Pure data: the planner never talks to the bucket.
 *
 * @param specs every spec found, both layouts
 * @param blobs v3 blobs by key
 * @param pinnedBlobs blob keys referenced by manifests that are not spec manifests (index, keys)
 * @param blobReferencesComplete false when a manifest could not be read; unreferenced blobs are then
 *     not treated as orphans
 * @param indexTimes the modification time of each layout's index, where there is one
 * @param indexedHashes the hashes each layout's index lists
 */
public record CacheInventory(List<CacheSpec> specs, Map<String, StoredObject> blobs, Set<String> pinnedBlobs,
    boolean blobReferencesComplete, Map<Layout, Instant> indexTimes, Map<Layout, Set<String>> indexedHashes,
    long listedObjects, long listedBytes) {

  public CacheInventory {
    specs = List.copyOf(specs);
    blobs = Map.copyOf(blobs);
    pinnedBlobs = Set.copyOf(pinnedBlobs);
    indexTimes = Map.copyOf(indexTimes);
    indexedHashes = Map.copyOf(indexedHashes);
  }

  public Optional<Instant> indexTime(Layout layout) {
    return Optional.ofNullable(indexTimes.get(layout));
  }

  public Set<String> indexed(Layout layout) {
    return indexedHashes.getOrDefault(layout, Set.of());
  }
}
