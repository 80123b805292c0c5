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
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    List<String> paths = errors.stream().map(e -> keyPath(e.getInstanceLocation())).toList();
    List<Violation> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < errors.size(); i++) {
      Error e = errors.get(i);
      String path = paths.get(i);
      // A value that matches no branch of a oneOf/anyOf gets an error from every branch; the ones on the
      // deepest key and the concrete ones (not the "one of" summary) say what is actually wrong.
      boolean deeper = paths.stream().anyMatch(p -> p.length() > path.length() && p.startsWith(path)
          && (path.isEmpty() || p.charAt(path.length()) == '.' || p.charAt(path.length()) == '['));
      boolean summary = "oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword());
      boolean concreteHere = summary && paths.stream().filter(path::equals).count() > 1;
      if (deeper && !path.isEmpty() || concreteHere) {
        continue;
      }
      String message = e.getMessage();
      // Messages start with the JSON pointer of the instance; the caller prints the key path instead.
      int colon = message.indexOf(": ");
      if ((message.startsWith("/") || message.startsWith("$")) && colon >= 0) {
        message = message.substring(colon + 2);
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
