package spacktainers.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import spacktainers.common.InvalidInputException;

/**
 * A registry image reference, {@code [host[:port]/]repository[:tag|@digest]}, with Docker's defaults
 * applied (Docker Hub, {@code library/}, tag {@code latest}). Parsing is jib's, so every reference the
 * registry client accepts is accepted here and nothing else.
 *
 * @param registry registry host, with port when given (e.g. {@code 127.0.0.1:5000})
 * @param repository repository path (e.g. {@code spack/neuron})
 * @param qualifier tag or {@code sha256:...} digest
 */
public record ImageRef(String registry, String repository, String qualifier) {

  public static ImageRef parse(String text, String where) {
    if (!text.isBlank() && !text.equals("scratch")) {
      try {
        ImageReference r = ImageReference.parse(text);
        return new ImageRef(r.getRegistry(), r.getRepository(), r.getQualifier());
      } catch (InvalidImageReferenceException e) {
        // reported below, like a blank or scratch reference
      }
    }
    throw InvalidInputException.of(where, "'" + text + "' is not an image reference",
        "write [HOST[:PORT]/]NAME[:TAG|@DIGEST], e.g. registry.example.org/spack/neuron:1.2");
  }

  public boolean byDigest() {
    return qualifier.startsWith("sha256:");
  }

  /** The same repository with another tag or digest. */
  public ImageRef withQualifier(String newQualifier) {
    return new ImageRef(registry, repository, newQualifier);
  }

  /** {@code registry/repository}, the unit of authentication and blob storage. */
  public String repositoryName() {
    return registry + "/" + repository;
  }

  ImageReference toJib() {
    return ImageReference.of(registry, repository, byDigest() ? null : qualifier, byDigest() ? qualifier : null);
  }

  @Override
  public String toString() {
    return repositoryName() + (byDigest() ? "@" : ":") + qualifier;
  }
}
