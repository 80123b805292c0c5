package spacktainers.spack;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One abstract Spack spec as written by a user ({@code neuron@9.0 +mpi %gcc@12 ^hdf5@1.14}), parsed
 * far enough to know names, versions, variants and dependencies. It is not a concretizer's view:
 * nothing is checked against a package repository.
 *
 * @param name package name, or empty for an anonymous spec such as {@code %gcc@12 target=x86_64_v3}
 * @param namespace repository namespace of {@code builtin.zlib}, or empty
 * @param versions the {@code @...} constraint, or empty
 * @param variants {@code +x}, {@code ~x}, {@code key=value} (compiler flags and arch keys included), in order
 * @param hash a {@code /hash} reference, or empty
 * @param dependencies {@code %} (direct) and {@code ^} (transitive) dependencies, in order
 */
public record Spec(String name, Optional<String> namespace, Optional<VersionConstraint> versions,
    List<Variant> variants, Optional<String> hash, List<Dependency> dependencies) {

  public Spec {
    Objects.requireNonNull(name, "name");
    variants = List.copyOf(variants);
    dependencies = List.copyOf(dependencies);
  }

  public boolean isAnonymous() {
    return name.isEmpty();
  }

  /** The version this spec pins, if it pins exactly one (see {@link VersionConstraint#pinned()}). */
  public Optional<String> pinnedVersion() {
    return versions.flatMap(VersionConstraint::pinned);
  }

  /** The value of a {@code key=value} attribute on this node (last one wins, as in Spack). */
  public Optional<String> attribute(String key) {
    Optional<String> found = Optional.empty();
    for (Variant v : variants) {
      if (v.kind() == Variant.Kind.VALUE && v.name().equals(key)) {
        found = Optional.of(v.value());
      }
    }
    return found;
  }

  public Optional<String> target() {
    return attribute("target").or(() -> attribute("arch").flatMap(a -> archPart(a, 2)));
  }

  public Optional<String> os() {
    return attribute("os").or(() -> attribute("arch").flatMap(a -> archPart(a, 1)));
  }

  public Optional<String> platform() {
    return attribute("platform").or(() -> attribute("arch").flatMap(a -> archPart(a, 0)));
  }

  private static Optional<String> archPart(String arch, int index) {
    String[] parts = arch.split("-", 3);
    return index < parts.length && !parts[index].isEmpty() && !parts[index].equals("None")
        ? Optional.of(parts[index]) : Optional.empty();
  }

  /** A dependency edge: {@code %} for a direct dependency (compilers included), {@code ^} for any. */
  public record Dependency(Kind kind, List<Variant> edgeAttributes, Spec spec) {
    public Dependency {
      Objects.requireNonNull(kind, "kind");
      edgeAttributes = List.copyOf(edgeAttributes);
      Objects.requireNonNull(spec, "spec");
    }

    /** How a dependency was introduced. */
    public enum Kind { DIRECT, TRANSITIVE }
  }
}
