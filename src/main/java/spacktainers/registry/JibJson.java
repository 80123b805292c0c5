package spacktainers.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import java.lang.reflect.Field;

/**
 * Makes jib's manifest parsing tolerate fields its templates do not know. jib-core 0.28 reads every
 * manifest and index through one Jackson mapper that fails on unknown properties, so an index entry
 * with the OCI 1.1 {@code artifactType}, a descriptor with embedded {@code data}, or a Docker
 * manifest-list entry with {@code annotations} made the whole image unreadable. The mapper is not
 * configurable through jib's API; it is reached once, here, and only its unknown-field rule changes.
 * If a future jib hides it differently, nothing happens and such manifests fail as before (a test
 * pins the behaviour).
 */
final class JibJson {
  private static volatile boolean done;

  private JibJson() {}

  static void tolerateUnknownFields() {
    if (done) {
      return;
    }
    synchronized (JibJson.class) {
      if (done) {
        return;
      }
      try {
        Field f = JsonTemplateMapper.class.getDeclaredField("objectMapper");
        f.setAccessible(true);
        if (f.get(null) instanceof ObjectMapper mapper) {
          mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // jib changed its internals: keep its strict parsing
      }
      done = true;
    }
  }
}
