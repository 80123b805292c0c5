package spacktainers.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import spacktainers.common.OperationFailedException;

/**
 * One platform's image as found in a registry: its manifest and config.
 *
 * @param ref the reference that was resolved (its tag, or the list's digest)
 * @param manifest the platform's manifest
 * @param configBytes the config blob exactly as stored
 * @param config the parsed config
 */
public record ResolvedImage(ImageRef ref, RemoteManifest.Image manifest, byte[] configBytes, ObjectNode config) {

  /** The image with its config blob parsed; a config that is not a JSON object fails naming {@code ref}. */
  static ResolvedImage of(ImageRef ref, RemoteManifest.Image manifest, byte[] configBytes) {
    try {
      return new ResolvedImage(ref, manifest, configBytes, Json.object(configBytes, "config"));
    } catch (IOException e) {
      throw new OperationFailedException(ref.toString(), "the image config is not valid JSON: " + e.getMessage());
    }
  }

  public Platform platform() {
    return new Platform(config.path("os").asText(""), Platform.normaliseArch(config.path("architecture").asText("")),
        config.path("variant").asText(""));
  }

  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode node = config.path("config").path("Labels");
    node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  boolean servesPlatform(Platform wanted) {
    String os = config.path("os").asText("");
    String arch = config.path("architecture").asText("");
    JsonNode variant = config.get("variant");
    return !arch.isEmpty() && wanted.matches(os, arch,
        Optional.ofNullable(variant).map(JsonNode::asText).filter(v -> !v.isEmpty()));
  }
}
