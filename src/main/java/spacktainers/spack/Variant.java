package spacktainers.spack;

import java.util.Objects;

/**
 * A variant or attribute on a spec node: {@code +mpi} / {@code ~mpi} ({@link Kind#BOOL}), or
 * {@code key=value} ({@link Kind#VALUE}: multi-valued variants, compiler flags, {@code target=},
 * {@code os=}, {@code platform=}, {@code arch=}). {@code ++x}, {@code ~~x} and {@code key==value}
 * propagate to dependencies.
 */
public record Variant(String name, String value, Kind kind, boolean propagate) {
  public Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(kind, "kind");
  }

  public static Variant enabled(String name, boolean propagate) {
    return new Variant(name, "true", Kind.BOOL, propagate);
  }

  public static Variant disabled(String name, boolean propagate) {
    return new Variant(name, "false", Kind.BOOL, propagate);
  }

  public static Variant value(String name, String value, boolean propagate) {
    return new Variant(name, value, Kind.VALUE, propagate);
  }

  /** Whether the variant is a boolean one. */
  public enum Kind { BOOL, VALUE }
}
