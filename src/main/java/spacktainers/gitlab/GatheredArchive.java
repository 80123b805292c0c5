package spacktainers.gitlab;

import java.nio.file.Path;
import java.util.Optional;

/** One archive on disk: where it came from, where it is, and what it held. */
public record GatheredArchive(String jobName, String arch, long jobId, Path zip, long zipBytes,
    Optional<Path> folder, int entries, long uncompressedBytes) {}
