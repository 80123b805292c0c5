package spacktainers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates Dockerfiles with dockerfile-utils (npm; the validator of VS Code's Docker language
 * server) through {@code .ci/validate-dockerfiles.mjs}, all files in one node process.
 */
public final class DockerfileLint {
  private DockerfileLint() {}

  /** One finding; {@code line}/{@code column} are 1-based. */
  public record Diagnostic(String file, int line, int column, String severity, String code, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column + ": " + severity + ": " + message + " [" + code + "]";
    }
  }

  public static List<Diagnostic> validate(List<Path> files) {
    Path node = RealComponents.requireExecutable("node");
    RealComponents.requireNodeTool("dockerfile-utils");
    if (files.isEmpty()) {
      return List.of();
    }
    List<String> cmd = new ArrayList<>(List.of(node.toString(), Repo.path(".ci/validate-dockerfiles.mjs").toString()));
    files.forEach(f -> cmd.add(f.toString()));
    Exec.Result r = Exec.stdout(cmd, Duration.ofSeconds(60));
    if (r.exitCode() > 1) {
      throw new IllegalStateException("validate-dockerfiles failed with exit " + r.exitCode());
    }
    JsonNode report;
    try {
      report = new ObjectMapper().readTree(r.output());
    } catch (IOException e) {
      throw new UncheckedIOException("validate-dockerfiles printed no JSON report:\n" + r.output(), e);
    }
    if (report.path("files").asInt() != files.size()) {
      throw new IllegalStateException("validator saw " + report.path("files") + " of " + files.size() + " files");
    }
    List<Diagnostic> result = new ArrayList<>();
    for (JsonNode d : report.path("diagnostics")) {
      result.add(new Diagnostic(d.path("file").asText(), d.path("line").asInt(), d.path("column").asInt(),
          d.path("severity").asText(), d.path("code").asText(), d.path("message").asText()));
    }
    return result;
  }
}
