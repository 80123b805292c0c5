package spacktainers.recipe;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line choices that shape a recipe.
 *
 * @param format overrides {@code container.format}
 * @param spackVersion the Spack release the image runs, where the file does not say
 * @param templateDir a folder whose templates replace the stock ones of the same name
 * @param spackYamlDir the folder of the spack.yaml, for {@code container.template} paths
 */
public record RecipeOptions(Optional<Format> format, LastStage lastStage, Optional<String> spackVersion,
    Optional<Path> templateDir, Path spackYamlDir, MonitorOptions monitor) {}
