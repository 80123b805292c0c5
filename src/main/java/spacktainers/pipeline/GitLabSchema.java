package spacktainers.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import spacktainers.yaml.YamlDocument;

/**
 * GitLab's own JSON schema for {@code .gitlab-ci.yml} (bundled; see {@code schema/NOTICE}). The document
 * is validated after {@link spacktainers.yaml.YamlReader} has resolved anchors and merge keys, as GitLab
 * does. The schema is an editor aid and looser than GitLab; {@link PipelineChecker} adds GitLab's limits.
 */
public final class GitLabSchema {
  private static final String RESOURCE = "/spacktainers/schema/gitlab-ci.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Schema schema;

  public GitLabSchema() {
    String text;
    try (InputStream in = GitLabSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the GitLab CI schema is missing from the jar: " + RESOURCE);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(text, InputFormat.JSON);
  }

  /** A schema violation at a key path of the document. */
  public record Violation(String keyPath, String message) {}

  public List<Violation> validate(JsonNode root) {
    String json;
    try {
      json = JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a YAML tree is always valid JSON", e);
    }
    List<Violation> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Error e : schema.validate(json, InputFormat.JSON)) {
      String path = keyPath(e.getInstanceLocation());
      String message = e.getMessage();
      // Messages start with the JSON pointer of the instance; the caller prints the key path instead.
      int colon = message.indexOf(": ");
      if (message.startsWith("/") || message.startsWith("$")) {
        message = colon >= 0 ? message.substring(colon + 2) : message;
      }
      if (seen.add(path + "\u0000" + message)) {
        out.add(new Violation(path, message));
      }
    }
    return out;
  }

  private static String keyPath(NodePath p) {
    String path = "";
    for (int i = 0; i < p.getNameCount(); i++) {
      Object el = p.getElement(i);
      path = el instanceof Integer idx ? YamlDocument.item(path, idx) : YamlDocument.child(path, String.valueOf(el));
    }
    return path;
  }
}
