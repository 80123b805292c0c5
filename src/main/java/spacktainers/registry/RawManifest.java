package spacktainers.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;

/**
 * A manifest whose exact bytes we produced. jib's pusher serialises a {@link ManifestTemplate};
 * writing our bytes as a raw value keeps the digest we computed (and recorded in an index) equal to
 * the digest the registry stores.
 */
final class RawManifest implements ManifestTemplate {
  private final String json;
  private final String mediaType;

  RawManifest(byte[] json, String mediaType) {
    this.json = Json.utf8(json);
    this.mediaType = mediaType;
  }

  @JsonValue
  RawValue json() {
    return new RawValue(json);
  }

  @Override
  public int getSchemaVersion() {
    return 2;
  }

  @Override
  public String getManifestMediaType() {
    return mediaType;
  }
}
