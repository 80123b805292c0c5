package spacktainers.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code image assemble} builds: a base image (or none), layers on top, and config changes.
 *
 * @param base base image, or empty for {@code scratch}
 * @param platform the platform to take from a multi-platform base (and to record for scratch)
 * @param layers one layer each, in order
 * @param labels labels to add or replace
 * @param env {@code NAME=VALUE} entries to add or replace
 * @param entrypoint new entrypoint (exec form); setting it clears the base's {@code Cmd} unless
 *     {@code cmd} is given too, as a Dockerfile {@code ENTRYPOINT} does
 * @param cmd new command (exec form)
 * @param workdir new working directory
 * @param user new user
 * @param ownership owner ids of the layer files
 * @param created creation time of the image and modification time of every layer entry
 * @param format manifest family to write
 * @param compressionLevel gzip level 0-9 for the layers
 */
public record ImageSpec(
    Optional<ImageRef> base, Platform platform, List<LayerSpec> layers, Map<String, String> labels,
    List<String> env, Optional<List<String>> entrypoint, Optional<List<String>> cmd, Optional<String> workdir,
    Optional<String> user, Ownership ownership, Instant created, ManifestFormat format, int compressionLevel) {

  /** The label that carries the catalogue's content key, compared by the pipeline's rebuild check. */
  public static final String CONTENT_KEY_LABEL = "io.github.spacktainers.content-key";

  public ImageSpec {
    layers = List.copyOf(layers);
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    env = List.copyOf(env);
    entrypoint = entrypoint.map(List::copyOf);
    cmd = cmd.map(List::copyOf);
  }
}
