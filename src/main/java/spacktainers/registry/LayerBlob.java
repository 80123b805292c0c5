package spacktainers.registry;

import java.nio.file.Path;

/**
 * A built layer: a gzip-compressed tar on disk.
 *
 * @param file the compressed tar
 * @param digest sha256 of the compressed bytes (the blob's address in a registry)
 * @param diffId sha256 of the uncompressed tar (recorded in the image config)
 * @param size compressed size in bytes
 * @param entries number of tar entries
 */
public record LayerBlob(Path file, String digest, String diffId, long size, long entries) {}
