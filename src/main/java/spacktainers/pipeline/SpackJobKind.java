package spacktainers.pipeline;

/** What a job in {@code spack ci generate} output is for, recognised by Spack's fixed service job names. */
public enum SpackJobKind {
  /** Builds one spec and pushes it to the build cache. */
  BUILD,
  /** {@code copy}: copies already built specs between mirrors (copy-only pipelines). */
  COPY,
  /** {@code no-specs-to-rebuild}: the only job when nothing needs building. */
  NOOP,
  /** {@code wait-for-build-jobs} (Spack 1.x): a barrier before the index job; trigger order replaces it. */
  WAIT,
  /** {@code sign-pkgs}: signs what the build jobs pushed. */
  SIGN,
  /** {@code cleanup} (up to Spack 0.22): removes the temporary storage mirror. */
  CLEANUP,
  /** {@code rebuild-index}: rewrites the build-cache index; runs last. */
  REBUILD_INDEX;

  public static SpackJobKind of(String jobName) {
    return switch (jobName) {
      case "copy" -> COPY;
      case "no-specs-to-rebuild" -> NOOP;
      case "wait-for-build-jobs" -> WAIT;
      case "sign-pkgs" -> SIGN;
      case "cleanup" -> CLEANUP;
      case "rebuild-index" -> REBUILD_INDEX;
      default -> BUILD;
    };
  }

  /** Service jobs that run after every build, in this order, in the last child pipeline. */
  public boolean isFinishing() {
    return this == SIGN || this == CLEANUP || this == REBUILD_INDEX;
  }
}
