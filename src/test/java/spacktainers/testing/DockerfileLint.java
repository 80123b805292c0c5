package spacktainers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("validate-dockerfiles timed out");
      }
      if (p.exitValue() > 1) {
        throw new IllegalStateException("validate-dockerfiles failed with exit " + p.exitValue());
      }
      JsonNode report = new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
      if (report.path("files").asInt() != files.size()) {
        throw new IllegalStateException("validator saw " + report.path("files") + " of " + files.size() + " files");
      }
      List<Diagnostic> result = new ArrayList<>();
      for (JsonNode d : report.path("diagnostics")) {
        result.add(new Diagnostic(d.path("file").asText(), d.path("line").asInt(), d.path("column").asInt(),
            d.path("severity").asText(), d.path("code").asText(), d.path("message").asText()));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
