package spacktainers.spack;

import java.util.Optional;

/**
 * One entry of the OS image catalogue ({@code container.images.os}).
 *
 * @param key the OS key users write, e.g. {@code ubuntu:22.04}
 * @param manager the OS package manager
 * @param python version of the distribution's python3
 * @param spackImage Spack's prebuilt build image for this OS, if any
 * @param bootstrapBase base image of a bootstrap stage
 * @param finalImage base image of the final stage
 * @param shell default command of the final image
 */
public record OsImage(String key, PackageManager manager, String python, Optional<SpackImage> spackImage,
    String bootstrapBase, String finalImage, String shell) {}
