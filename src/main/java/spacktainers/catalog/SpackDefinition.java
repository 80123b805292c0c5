package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import spacktainers.spack.Spec;

/**
 * A Spack container: {@code <arch>/<name>.yaml} or {@code <arch>/<name>/spack.yaml}.
 *
 * @param folder the definition's folder in the folder form (its other files are part of the content key)
 * @param document the whole file as read (aliases resolved), for the content key
 * @param spack the user's Spack environment (the {@code spack:} mapping)
 * @param firstSpec the first entry of {@code spack.specs} when it is a spec string: it names the container's
 *     main package and so its version
 * @param files extra files copied into the image, in order
 * @param version {@code spacktainer.version}, the fallback version
 * @param labels {@code spacktainer.labels}, added to the image
 */
public record SpackDefinition(String name, Architecture arch, Path file, String displayPath, Optional<Path> folder,
    JsonNode document, JsonNode spack, Optional<Spec> firstSpec, List<FileCopy> files, Optional<String> version,
    Map<String, String> labels, Optional<String> description) implements Definition {

  public SpackDefinition {
    files = List.copyOf(files);
    labels = Map.copyOf(labels);
  }

  @Override
  public Kind kind() {
    return Kind.SPACK;
  }
}
