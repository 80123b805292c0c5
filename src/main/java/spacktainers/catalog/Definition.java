package spacktainers.catalog;

import java.nio.file.Path;

/** One container definition file of the catalogue, read and validated. */
public sealed interface Definition permits SpackDefinition, CustomDefinition {
  String name();

  Architecture arch();

  /** The file, absolute. */
  Path file();

  /** The file relative to the catalogue root ({@code container_definitions/amd64/neuron.yaml}), for messages. */
  String displayPath();

  Kind kind();

  /** What a definition builds. */
  enum Kind {
    /** A Spack environment built into an image on the builder and runtime base images. */
    SPACK("spack"),
    /** A Singularity definition built from an existing registry image. */
    CUSTOM("custom");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }
}
