package spacktainers.buildcache;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One spec of one layout as found in the bucket.
 *
 * @param name package name, or empty when neither index, spec file nor key tells it
 * @param objects the objects that belong to this spec alone: v2 spec file(s) and tarball; v3 manifest
 * @param blobKeys v3: the blobs the manifest references (present or not); v2: empty
 * @param dependencies DAG hashes of direct dependencies (all dependency types); empty when neither
 *     the index nor a readable spec file listed them
 * @param state whether all parts of the spec are there
 * @param time the spec's age: its tarball's (v2) or manifest's (v3) modification time, else its
 *     newest object's
 */
public record CacheSpec(Layout layout, String hash, String name, List<StoredObject> objects,
    List<String> blobKeys, Set<String> dependencies, State state, Instant time) {

  /** Whether a spec is usable, or which part is missing. */
  public enum State {
    COMPLETE,
    /** v2: spec file(s) but no tarball. */
    MISSING_TARBALL,
    /** v2: a tarball but no spec file. */
    MISSING_SPEC_FILE,
    /** v3: the manifest references a blob that is not in the bucket. */
    MISSING_BLOBS,
    /** v3: the manifest could not be read, so its blobs are unknown; never deleted. */
    UNREADABLE
  }

  public CacheSpec {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(hash, "hash");
    objects = objects.stream().sorted(Comparator.comparing(StoredObject::key)).toList();
    if (objects.isEmpty()) {
      throw new IllegalArgumentException("a spec needs at least one object: " + hash);
    }
    blobKeys = List.copyOf(blobKeys);
    dependencies = Set.copyOf(dependencies);
    Objects.requireNonNull(time, "time");
  }

  /** A v2 spec from its spec file(s) and tarball, either of which may be missing. */
  public static CacheSpec v2(String hash, String name, List<StoredObject> specFiles,
      java.util.Optional<StoredObject> tarball, Set<String> dependencies) {
    List<StoredObject> objects = new java.util.ArrayList<>(specFiles);
    tarball.ifPresent(objects::add);
    State state = tarball.isEmpty() ? State.MISSING_TARBALL
        : specFiles.isEmpty() ? State.MISSING_SPEC_FILE : State.COMPLETE;
    Instant time = tarball.map(StoredObject::lastModified).orElseGet(() -> newest(objects));
    return new CacheSpec(Layout.V2, hash, name, objects, List.of(), dependencies, state, time);
  }

  /**
   * A v3 spec from its manifest; {@code blobKeys} is empty and {@code readable} false when the
   * manifest could not be parsed.
   */
  public static CacheSpec v3(String hash, String name, StoredObject manifest, List<String> blobKeys, boolean readable,
      java.util.function.Predicate<String> blobPresent, Set<String> dependencies) {
    State state = !readable ? State.UNREADABLE
        : blobKeys.isEmpty() || !blobKeys.stream().allMatch(blobPresent) ? State.MISSING_BLOBS : State.COMPLETE;
    return new CacheSpec(Layout.V3, hash, name, List.of(manifest), blobKeys, dependencies, state,
        manifest.lastModified());
  }

  /** The newest modification time of the spec's own objects. */
  public Instant newest() {
    return newest(objects);
  }

  private static Instant newest(List<StoredObject> objects) {
    return objects.stream().map(StoredObject::lastModified).max(Comparator.naturalOrder()).orElseThrow();
  }

  public long bytes() {
    return objects.stream().mapToLong(StoredObject::size).sum();
  }

  /** Layout and hash: the identity of a spec in the plan (the same hash may exist in v2 and v3). */
  public String id() {
    return layout.label() + ":" + hash;
  }

}
