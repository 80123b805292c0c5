package spacktainers.buildcache;

/**
 * What the plan decided for one spec.
 *
 * @param reason why the spec is deleted; empty exactly when it is kept
 * @param cause for {@link Reason#DEPENDENT}, the hash of the deleted dependency; else empty
 */
public record SpecVerdict(CacheSpec spec, Verdict verdict, java.util.Optional<Reason> reason, String cause) {

  /** Kept (and why) or deleted. */
  public enum Verdict {
    /** Its hash is in a lockfile. */
    KEEP_LOCKFILE("in a lockfile"),
    /** A dependency (transitively) of a kept spec. */
    KEEP_DEPENDENCY("dependency of a kept spec"),
    /**
     * Maybe a push in flight: modified after the run start or the layout's index, or not in the
     * index and younger than the grace window.
     */
    KEEP_NEW("new: after run start/index, or unindexed"),
    /** Complete, in no lockfile, but not older than --max-age. */
    KEEP_YOUNG("younger than --max-age"),
    /** Incomplete but younger than --orphan-grace. */
    KEEP_GRACE("incomplete, within --orphan-grace"),
    /** v3 manifest that could not be read. */
    KEEP_UNREADABLE("manifest unreadable"),
    /** Deletable now, but not in the saved plan being applied. */
    KEEP_NOT_IN_PLAN("not in the saved plan"),
    DELETE("deleted");

    private final String description;

    Verdict(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public SpecVerdict {
    cause = cause == null ? "" : cause;
    if ((verdict == Verdict.DELETE) != reason.isPresent()) {
      throw new IllegalArgumentException("a reason goes with DELETE and only with it");
    }
  }

  public static SpecVerdict keep(CacheSpec spec, Verdict verdict) {
    return new SpecVerdict(spec, verdict, java.util.Optional.empty(), "");
  }

  public static SpecVerdict delete(CacheSpec spec, Reason reason, String cause) {
    return new SpecVerdict(spec, Verdict.DELETE, java.util.Optional.of(reason), cause);
  }

  public boolean deleted() {
    return verdict == Verdict.DELETE;
  }
}
