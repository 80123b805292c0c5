package spacktainers.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A manifest as read from a registry: one image, or an index of per-platform images. */
public sealed interface RemoteManifest {
  /** The digest the registry serves this manifest under. */
  String digest();

  /**
   * One image: its config and layers.
   *
   * @param digest manifest digest
   * @param format the manifest family (decides media-type names)
   * @param config the config blob
   * @param layers layer blobs, base first
   */
  record Image(String digest, ManifestFormat format, Descriptor config, List<Descriptor> layers)
      implements RemoteManifest {
    public Image {
      layers = List.copyOf(layers);
    }
  }

  /**
   * A manifest list or OCI index.
   *
   * @param digest manifest digest
   * @param entries per-platform manifests in the order the registry lists them
   */
  record Index(String digest, List<Entry> entries) implements RemoteManifest {
    public Index {
      entries = List.copyOf(entries);
    }
  }

  /**
   * One platform's entry of an index. Registries' platform objects may carry a variant; jib's
   * parser drops it, so a requested variant is checked against the image config instead.
   *
   * @param manifest the per-platform manifest
   * @param os platform OS, empty when the entry has no platform (attestations, artefacts)
   * @param architecture platform architecture, empty when absent
   */
  record Entry(Descriptor manifest, String os, String architecture) {}

  /** Reads a schema-2 manifest or index from its JSON form. */
  static RemoteManifest parse(JsonNode json, String digest) throws IOException {
    String mediaType = json.path("mediaType").asText("");
    if (json.has("manifests")) {
      List<Entry> entries = new ArrayList<>();
      for (JsonNode m : json.get("manifests")) {
        JsonNode platform = m.path("platform");
        entries.add(new Entry(Descriptor.from(m, "manifest list entry"),
            platform.path("os").asText(""), platform.path("architecture").asText("")));
      }
      return new Index(digest, entries);
    }
    if (!json.has("config")) {
      throw new IOException("manifest has neither 'config' nor 'manifests'");
    }
    ManifestFormat format = mediaType.isEmpty() ? ManifestFormat.OCI
        : ManifestFormat.ofManifestType(mediaType)
            .orElseThrow(() -> new IOException("unsupported manifest media type " + mediaType));
    List<Descriptor> layers = new ArrayList<>();
    for (JsonNode l : json.path("layers")) {
      layers.add(Descriptor.from(l, "layer descriptor"));
    }
    return new Image(digest, format, Descriptor.from(json.get("config"), "config descriptor"), layers);
  }
}
