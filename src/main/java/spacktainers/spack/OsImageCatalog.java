package spacktainers.spack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/** The OS image catalogue shipped in the jar ({@code spacktainers/spack/os-images.yaml}). */
public final class OsImageCatalog {
  private static final String RESOURCE = "/spacktainers/spack/os-images.yaml";

  private final Map<String, OsImage> images;
  private final Map<String, PackageManager> managers;

  private OsImageCatalog(Map<String, OsImage> images, Map<String, PackageManager> managers) {
    this.images = Collections.unmodifiableMap(images);
    this.managers = Collections.unmodifiableMap(managers);
  }

  /** The catalogue in the jar; read once per JVM (it is immutable). */
  public static OsImageCatalog bundled() {
    return Holder.INSTANCE;
  }

  public Optional<OsImage> get(String key) {
    return Optional.ofNullable(images.get(key));
  }

  /** OS keys in catalogue order. */
  public List<String> keys() {
    return List.copyOf(images.keySet());
  }

  public List<OsImage> all() {
    return List.copyOf(images.values());
  }

  public Optional<PackageManager> manager(String name) {
    return Optional.ofNullable(managers.get(name));
  }

  public List<String> managerNames() {
    return List.copyOf(managers.keySet());
  }

  static OsImageCatalog parse(String yaml, String source) {
    JsonNode root = new YamlReader(YamlLimits.DOCUMENT).parse(yaml, source).root();
    Map<String, PackageManager> managers = new LinkedHashMap<>();
    root.path("package_managers").fields().forEachRemaining(e -> {
      JsonNode m = e.getValue();
      managers.put(e.getKey(), new PackageManager(e.getKey(), text(m, "update"), text(m, "install"),
          text(m, "clean"), strings(m.path("env")), strings(m.path("bootstrap_packages"))));
    });
    Map<String, OsImage> images = new LinkedHashMap<>();
    root.path("images").fields().forEachRemaining(e -> {
      String key = e.getKey();
      JsonNode i = e.getValue();
      PackageManager manager = managers.get(text(i, "manager"));
      if (manager == null) {
        throw new IllegalStateException(source + ": " + key + ": unknown package manager");
      }
      Optional<SpackImage> spackImage = Optional.empty();
      JsonNode si = i.path("spack_image");
      if (si.isObject()) {
        spackImage = Optional.of(new SpackImage(text(si, "name"), strings(si.path("releases")),
            si.path("develop").asBoolean(false)));
      }
      images.put(key, new OsImage(key, manager, text(i, "python"), spackImage,
          i.path("bootstrap").asText(key), i.path("final").asText(key), i.path("shell").asText("/bin/bash")));
    });
    return new OsImageCatalog(images, managers);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isValueNode()) {
      throw new IllegalStateException("os-images.yaml: missing '" + field + "'");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static final class Holder {
    static final OsImageCatalog INSTANCE = load();

    private static OsImageCatalog load() {
      try (InputStream in = OsImageCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the OS image catalogue is missing from the jar: " + RESOURCE);
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "os-images.yaml");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
