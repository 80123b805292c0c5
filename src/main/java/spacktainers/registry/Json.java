package spacktainers.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Compact JSON for manifests and configs. Registries address these documents by the sha256 of their
 * bytes, so they are written once, compactly, in the order the nodes were built, and never
 * re-serialised after their digest is taken.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  static ObjectNode object(byte[] bytes, String what) throws IOException {
    JsonNode node = MAPPER.readTree(bytes);
    if (node == null || !node.isObject()) {
      throw new IOException(what + " is not a JSON object");
    }
    return (ObjectNode) node;
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
