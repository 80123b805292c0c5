package spacktainers.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator used on generated Dockerfiles really reports problems, with their lines. */
class DockerfileLintTest {
  @Test
  void reportsErrorsAndWarningsWithLinesAndPassesACleanFile(@TempDir Path tmp) throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.Dockerfile"),
        "FROM busybox AS b\nRUN --mount=type=secret,id=st cat /run/secrets/st\ncopy a\nFOO bar\n");
    Path good = Files.writeString(tmp.resolve("good.Dockerfile"), String.join("\n",
        "# syntax=docker/dockerfile:1",
        "FROM busybox AS builder",
        "RUN --mount=type=secret,id=su --mount=type=secret,id=st \\",
        "    printf '%s\\n' 'spack:' '  specs: [\"a $b\"]' > /x",
        "FROM busybox",
        "COPY --from=builder /x /x",
        "ENTRYPOINT [\"/bin/sh\"]",
        ""));

    List<DockerfileLint.Diagnostic> found = DockerfileLint.validate(List.of(bad, good));

    assertEquals(List.of(
        "bad.Dockerfile:3:1: warning: CASING_INSTRUCTION",
        "bad.Dockerfile:3:6: error: ARGUMENT_REQUIRES_AT_LEAST_TWO",
        "bad.Dockerfile:4:1: error: UNKNOWN_INSTRUCTION"),
        found.stream().map(d -> Path.of(d.file()).getFileName() + ":" + d.line() + ":" + d.column() + ": "
            + d.severity() + ": " + d.code()).toList());
  }
}
