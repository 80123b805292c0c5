package spacktainers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problems;
import spacktainers.yaml.YamlDocument;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/**
 * Reads {@code spack ci generate} output of Spack 0.17 to 1.x: flow style (up to 0.22) or block style with
 * anchors (0.23 on), {@code --optimize}d files whose jobs {@code extends} hidden templates, and global
 * {@code default}/{@code image}/{@code before_script} keys, which are pushed into the jobs so that every job
 * stands alone and can move to any child pipeline. Size and alias limits are those of
 * {@link YamlLimits#PIPELINE}.
 */
public final class SpackOutputReader {
  /** Keys a {@code default} section (or their deprecated top-level forms) give to jobs that lack them. */
  private static final List<String> DEFAULTABLE = List.of("image", "services", "tags", "before_script",
      "after_script", "cache", "artifacts", "retry", "timeout", "interruptible", "hooks", "id_tokens");
  /** The deprecated top-level forms of {@code default} keys. */
  private static final Set<String> GLOBAL_DEFAULTS = Set.of("image", "services", "before_script", "after_script",
      "cache");
  private static final int MAX_EXTENDS_DEPTH = 11;

  private final YamlReader yaml;

  public SpackOutputReader(YamlLimits limits) {
    // Locations of jobs and their keys ("job.needs") are what messages point at; deeper paths fall back to those.
    this.yaml = new YamlReader(limits).forMachineWrittenFiles(2);
  }

  public SpackOutputReader() {
    this(YamlLimits.PIPELINE);
  }

  /** Every {@code *.yml}/{@code *.yaml} file below {@code dir}, at any depth, in sorted path order. */
  public static List<Path> find(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw InvalidInputException.of(dir.toString(), Files.exists(dir) ? "not a directory" : "no such directory");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> {
            String n = p.getFileName().toString();
            return !n.startsWith(".") && (n.endsWith(".yml") || n.endsWith(".yaml"));
          })
          .sorted((a, b) -> dir.relativize(a).toString().replace('\\', '/')
              .compareTo(dir.relativize(b).toString().replace('\\', '/')))
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      IOException io = e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
      throw InvalidInputException.of(dir.toString(), "cannot list: " + AtomicFiles.describe(io));
    }
  }

  public SpackOutput read(Path file, String sourceName) {
    return read(yaml.read(file, sourceName));
  }

  public SpackOutput read(YamlDocument doc) {
    Problems problems = new Problems();
    JsonNode root = doc.root();
    if (root.isObject() && root.has("include")) {
      problems.add(doc.where("include"), "'include' is not supported in spack ci generate output",
          "split reads the files Spack wrote; resolve includes before splitting");
    }
    if (root.isObject()) {
      root = resolve((ObjectNode) root, doc, problems);
    }
    Pipeline p = PipelineReader.read(new YamlDocument(doc.source(), root, doc.locations()), problems);
    List<Job> jobs = new ArrayList<>();
    for (PipelineJob job : p.jobs()) {
      if (job instanceof Job j) {
        jobs.add(j);
      } else {
        problems.add(doc.where(job.name()), "a trigger job is not expected in spack ci generate output");
      }
    }
    problems.throwIfAny();
    return new SpackOutput(doc.source(), p.workflow(), p.stages(), p.variables(), jobs);
  }

  /** Pushes defaults into jobs, resolves {@code extends} from hidden jobs, and drops the hidden jobs. */
  private static ObjectNode resolve(ObjectNode root, YamlDocument doc, Problems problems) {
    ObjectNode defaults = JsonNodeFactory.instance.objectNode();
    if (root.get("default") instanceof ObjectNode d) {
      d.properties().forEach(e -> defaults.set(e.getKey(), e.getValue()));
    }
    for (String key : GLOBAL_DEFAULTS) {
      if (root.has(key) && !defaults.has(key)) {
        defaults.set(key, root.get(key));
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String name = e.getKey();
      if (name.startsWith(".") || name.equals("default") || GLOBAL_DEFAULTS.contains(name)) {
        continue;
      }
      JsonNode value = e.getValue();
      if (!PipelineReader.RESERVED.contains(name) && value instanceof ObjectNode job) {
        ObjectNode resolved = extend(job, name, root, doc, problems, 0);
        if (!defaults.isEmpty() && !resolved.has("trigger") && !inheritsNoDefaults(resolved)) {
          resolved = resolved == job ? job.deepCopy() : resolved; // the tree may share aliased nodes
          for (Map.Entry<String, JsonNode> def : defaults.properties()) {
            if (!resolved.has(def.getKey()) && DEFAULTABLE.contains(def.getKey())) {
              resolved.set(def.getKey(), def.getValue());
            }
          }
        }
        value = resolved;
      }
      out.set(name, value);
    }
    return out;
  }

  private static boolean inheritsNoDefaults(ObjectNode job) {
    JsonNode inherit = job.path("inherit").path("default");
    return inherit.isBoolean() && !inherit.booleanValue();
  }

  /** GitLab's {@code extends}: templates deep-merged in order, the job's own keys last; lists are replaced. */
  private static ObjectNode extend(ObjectNode job, String path, ObjectNode root, YamlDocument doc,
      Problems problems, int depth) {
    JsonNode ext = job.get("extends");
    if (ext == null) {
      return job;
    }
    if (depth >= MAX_EXTENDS_DEPTH) {
      problems.add(doc.where(path), "'extends' is nested more than " + MAX_EXTENDS_DEPTH + " levels deep");
      return job;
    }
    List<String> names = new ArrayList<>();
    if (ext.isTextual()) {
      names.add(ext.textValue());
    } else if (ext.isArray()) {
      ext.forEach(n -> names.add(n.asText()));
    }
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    for (String name : names) {
      JsonNode template = root.get(name);
      if (!(template instanceof ObjectNode t)) {
        problems.add(doc.where(YamlDocument.child(path, "extends")), "extends '" + name
            + "', which is not a job or template of this file");
        continue;
      }
      Extends.deepMerge(merged, extend(t, name, root, doc, problems, depth + 1));
    }
    ObjectNode own = job.deepCopy();
    own.remove("extends");
    Extends.deepMerge(merged, own);
    return merged;
  }
}
