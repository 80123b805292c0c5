package spacktainers.buildcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A v3 manifest: {@code {"version": 3, "data": [{contentLength, mediaType, compression,
 * checksumAlgorithm, checksum}, ...]}}, possibly PGP clear-signed.
 */
record Manifest(boolean signed, List<Entry> data) {
  static final String DB_MEDIA_TYPE_PREFIX = "application/vnd.spack.db.";
  static final String SPEC_MEDIA_TYPE_PREFIX = "application/vnd.spack.spec.";

  Manifest {
    data = List.copyOf(data);
  }

  /** One blob a manifest points at. */
  record Entry(long contentLength, String mediaType, String compression, String checksumAlgorithm, String checksum) {
    /** The blob's key relative to the mirror root, or empty for an algorithm other than sha256. */
    Optional<String> blobKey() {
      return CacheKey.blobKey(checksumAlgorithm, checksum);
    }
  }

  /** Parses a manifest; empty when the text is not one (or references a blob we cannot name). */
  static Optional<Manifest> parse(byte[] bytes, ObjectMapper json) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    boolean signed = SpecNodes.isClearsigned(text);
    try {
      JsonNode root = json.readTree(SpecNodes.stripClearsign(text));
      if (root == null || !root.path("data").isArray()) {
        return Optional.empty();
      }
      List<Entry> entries = new ArrayList<>();
      for (JsonNode e : root.path("data")) {
        Entry entry = new Entry(e.path("contentLength").asLong(-1), e.path("mediaType").asText(""),
            e.path("compression").asText(""), e.path("checksumAlgorithm").asText(""), e.path("checksum").asText(""));
        if (entry.blobKey().isEmpty()) {
          return Optional.empty();
        }
        entries.add(entry);
      }
      return Optional.of(new Manifest(signed, entries));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  Optional<Entry> first(String mediaTypePrefix) {
    return data.stream().filter(e -> e.mediaType().startsWith(mediaTypePrefix)).findFirst();
  }

  /** An unsigned manifest as Spack writes it (field order kept). */
  byte[] toBytes(ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("version", 3);
    ArrayNode arr = root.putArray("data");
    for (Entry e : data) {
      ObjectNode o = arr.addObject();
      o.put("contentLength", e.contentLength());
      o.put("mediaType", e.mediaType());
      o.put("compression", e.compression());
      o.put("checksumAlgorithm", e.checksumAlgorithm());
      o.put("checksum", e.checksum());
    }
    try {
      return json.writeValueAsBytes(root);
    } catch (IOException ex) {
      throw new IllegalStateException("cannot serialise a JSON tree", ex);
    }
  }
}
