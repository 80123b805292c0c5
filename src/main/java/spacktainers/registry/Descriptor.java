package spacktainers.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * An OCI content descriptor: what a manifest says about a blob it points to.
 *
 * @param mediaType media type of the blob
 * @param digest {@code sha256:<hex>}
 * @param size size in bytes
 */
public record Descriptor(String mediaType, String digest, long size) {

  static Descriptor from(JsonNode node, String what) throws IOException {
    JsonNode digest = node.get("digest");
    JsonNode size = node.get("size");
    if (digest == null || !digest.isTextual() || size == null || !size.canConvertToLong()) {
      throw new IOException(what + " has no digest or size");
    }
    String mediaType = node.path("mediaType").asText("");
    return new Descriptor(mediaType, digest.asText(), size.asLong());
  }

  ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("mediaType", mediaType);
    n.put("digest", digest);
    n.put("size", size);
    return n;
  }

  /** The hex part of the digest, used for file names in archives. */
  String hex() {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
