package spacktainers.buildcache;

import java.util.Optional;

/**
 * One index as read during the inventory, kept so the index can be rewritten after the deletions
 * and so the rewrite can tell whether someone replaced the index in the meantime.
 *
 * @param object the index (v2) or index manifest (v3) as read
 * @param manifest v3: the manifest, whose database entry is rewritten
 */
record IndexSnapshot(Layout layout, StoredObject object, SpackDatabase database, Optional<Manifest> manifest) {
  /** The index key: {@code build_cache/index.json} (v2) or an index manifest (v3), with prefix. */
  String key() {
    return object.key();
  }
}
