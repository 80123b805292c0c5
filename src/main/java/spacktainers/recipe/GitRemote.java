package spacktainers.recipe;

import java.util.Optional;

/** Looks up refs in a remote git repository ({@code images.spack.resolve_sha} / {@code verify}). */
public interface GitRemote {
  /**
   * The commit a branch or tag points to, or empty when the repository has no such ref.
   *
   * @throws spacktainers.common.OperationFailedException when the repository cannot be reached
   */
  Optional<String> resolve(String url, String ref);
}
