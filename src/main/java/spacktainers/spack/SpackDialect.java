package spacktainers.spack;

import java.util.Optional;

/**
 * What differs, for a generated recipe, between the Spack versions an image can run: how an
 * environment asks for one consistent set of packages, and whether and how {@code spack install}
 * reports to a Spack Monitor server.
 *
 * <p>{@code spack install --monitor} exists only in 0.17 and 0.18 (added by spack/spack#23777,
 * removed in 0.19 by #31130). 0.18 always requires credentials (#27888); only 0.17 can switch
 * authentication off, with {@code --monitor-no-auth}. {@code concretizer:unify} (true, false or
 * when_possible) arrived in 0.18 (#30038, #28941), which still accepts the deprecated top-level
 * {@code concretization} key; 0.17 knows only {@code concretization}, 0.19 and later only
 * {@code concretizer:unify}.
 */
public enum SpackDialect {
  /** Spack 0.17.x: monitor with optional authentication; {@code concretization: together}. */
  V0_17(true, true, false),
  /** Spack 0.18.x: monitor with mandatory authentication; either way of asking for unification. */
  V0_18(true, false, false),
  /** Spack 0.19 and later, including develop: no monitor; {@code concretizer: {unify: true}}. */
  MODERN(false, false, true);

  private final boolean monitor;
  private final boolean monitorWithoutAuth;
  private final boolean concretizerUnify;

  SpackDialect(boolean monitor, boolean monitorWithoutAuth, boolean concretizerUnify) {
    this.monitor = monitor;
    this.monitorWithoutAuth = monitorWithoutAuth;
    this.concretizerUnify = concretizerUnify;
  }

  /** The dialect of a known release; empty version (develop, a branch) means the newest dialect. */
  public static SpackDialect of(Optional<SpackVersion> version) {
    if (version.isEmpty()) {
      return MODERN;
    }
    SpackVersion v = version.get();
    if (v.major() == 0 && v.minor() <= 17) {
      return V0_17;
    }
    if (v.major() == 0 && v.minor() == 18) {
      return V0_18;
    }
    return MODERN;
  }

  /** Whether {@code spack install --monitor} exists. Releases before 0.17 had no monitor either. */
  public boolean supportsMonitor(Optional<SpackVersion> version) {
    return monitor && version.map(v -> v.major() > 0 || v.minor() >= 17).orElse(false);
  }

  public boolean supportsMonitorWithoutAuth() {
    return monitorWithoutAuth;
  }

  /** The {@code spack install} flag that skips the credential check (0.17 only). */
  public String monitorNoAuthFlag() {
    return "--monitor-no-auth";
  }

  public boolean usesConcretizerUnify() {
    return concretizerUnify;
  }

  /** Whether {@code concretizer:unify} may be written as it is (0.18 reads it next to the old key). */
  public boolean acceptsConcretizerUnify() {
    return this != V0_17;
  }

  /** {@code spack env depfile} appeared in 0.19. */
  public boolean supportsDepfile() {
    return this == MODERN;
  }

  /**
   * Spack 0.17 vendors a {@code six} that fails to import on Python 3.12 and later; Spack 0.19 and
   * later need Python 3.6 or newer (0.17/0.18 still ran on 3.5).
   */
  public boolean runsOnPython(String pythonVersion) {
    Optional<SpackVersion> py = SpackVersion.parse(pythonVersion);
    if (this == V0_17) {
      return py.map(p -> p.major() < 3 || p.major() == 3 && p.minor() < 12).orElse(true);
    }
    if (this == MODERN) {
      return py.map(p -> p.major() > 3 || p.major() == 3 && p.minor() >= 6).orElse(true);
    }
    return true;
  }

  /** The Python versions {@link #runsOnPython} accepts, for messages. */
  public String pythonRange() {
    return switch (this) {
      case V0_17 -> "Python 3.11 or older";
      case V0_18 -> "any Python 3";
      case MODERN -> "Python 3.6 or newer";
    };
  }
}
