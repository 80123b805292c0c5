package spacktainers.registry;

import java.util.OptionalInt;
import spacktainers.common.InvalidInputException;

/**
 * Who owns the files of a built layer: fixed numeric ids (default root, as a {@code COPY} without
 * {@code --chown} does) or, with {@code keep}, each source file's own ids.
 *
 * @param uid fixed user id, or empty to keep the source's
 * @param gid fixed group id, or empty to keep the source's
 */
public record Ownership(OptionalInt uid, OptionalInt gid) {
  public static final Ownership ROOT = new Ownership(OptionalInt.of(0), OptionalInt.of(0));
  public static final Ownership KEEP = new Ownership(OptionalInt.empty(), OptionalInt.empty());

  /** Parses {@code UID:GID}, {@code UID} (group = user) or {@code keep}. Names are not resolved. */
  public static Ownership parse(String text, String where) {
    if (text.equals("keep")) {
      return KEEP;
    }
    String[] parts = text.split(":", -1);
    if (parts.length <= 2 && parts[0].matches("\\d{1,9}") && (parts.length == 1 || parts[1].matches("\\d{1,9}"))) {
      int uid = Integer.parseInt(parts[0]);
      int gid = parts.length == 1 ? uid : Integer.parseInt(parts[1]);
      return new Ownership(OptionalInt.of(uid), OptionalInt.of(gid));
    }
    throw InvalidInputException.of(where, "'" + text + "' is not UID:GID or keep",
        "use numeric ids (names depend on the image's /etc/passwd), e.g. 0:0 or 1000:1000");
  }

  int uidFor(int sourceUid) {
    return uid.orElse(sourceUid);
  }

  int gidFor(int sourceGid) {
    return gid.orElse(sourceGid);
  }
}
