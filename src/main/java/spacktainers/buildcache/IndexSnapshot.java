package spacktainers.buildcache;

import java.util.Optional;

/**
 * One index as read during the inventory, kept so the index can be rewritten after the deletions
 * and so the rewrite can tell whether someone replaced the index in the meantime.
 *
 * @param key the index key: {@code build_cache/index.json} (v2) or an index manifest (v3), with prefix
 * @param object the index (v2) or index manifest (v3) as listed
 * @param manifest v3: the manifest, whose database entry is rewritten
 */
record IndexSnapshot(Layout layout, String key, StoredObject object, SpackDatabase database,
    Optional<Manifest> manifest) {}
