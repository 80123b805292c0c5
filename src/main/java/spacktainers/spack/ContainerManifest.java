package spacktainers.spack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import spacktainers.common.Problems;
import spacktainers.common.Reporter;
import spacktainers.common.Shown;
import spacktainers.yaml.YamlWriter;

/**
 * The {@code spack.yaml} written into the image: the user's environment without its {@code container}
 * section, with the store and view at fixed paths, and the "one consistent set of packages" setting
 * spelled the way the Spack inside the image understands it.
 */
public final class ContainerManifest {
  public static final String ENVIRONMENT_DIR = "/opt/spack-environment";
  public static final String STORE = "/opt/software";
  /** The view lives one level down so the final stage can copy its parent without dereferencing it. */
  public static final String VIEW = "/opt/views/view";
  public static final String VIEWS_DIR = "/opt/views";

  /** Sections that make no sense inside an image; Spack's containerize drops the same ones. */
  private static final List<String> DISCARDED = List.of("cdash", "gitlab_ci", "ci", "modules");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ContainerManifest() {}

  /**
   * Builds the manifest text.
   *
   * @param env the mapping under {@code spack:} (not modified)
   * @param dialect how the Spack in the image spells the settings
   * @param where maps a key path relative to {@code spack:} to a user-facing location
   * @param reporter receives a warning for every setting that is dropped or overridden
   * @param problems receives settings that cannot be expressed for this Spack
   */
  public static String render(ObjectNode env, SpackDialect dialect, Function<String, String> where,
      Reporter reporter, Problems problems) {
    ObjectNode out = F.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = env.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("container")) {
        continue;
      }
      if (DISCARDED.contains(key)) {
        reporter.warning(where.apply(key), "not used in container images; left out of the image's spack.yaml");
        continue;
      }
      out.set(key, e.getValue().deepCopy());
    }
    checkSpecs(out.get("specs"), where, problems);
    warnMirrorSecrets(out.get("mirrors"), "mirrors", where, reporter);
    if (out.has("include")) {
      reporter.warning(where.apply("include"), "included files are not copied into the image; "
          + "inline their settings or make sure the build image has them at the same paths");
    }
    setInstallTree(out, where, reporter);
    setView(out, where, reporter);
    setUnify(out, dialect, where, reporter, problems);
    ObjectNode root = F.objectNode();
    root.set("spack", out);
    return YamlWriter.write(root);
  }

  /**
   * Spack validates {@code specs} against its schema before anything else; a text where a list is
   * expected would otherwise only fail inside {@code docker build}, after the image's slow first steps.
   */
  private static void checkSpecs(JsonNode specs, Function<String, String> where, Problems problems) {
    if (specs == null || specs.isNull()) {
      return;
    }
    if (!specs.isArray()) {
      problems.add(where.apply("specs"), "must be a list of specs (one '- spec' per line, or [a, b]), not "
          + (specs.isObject() ? "a mapping" : Shown.value(specs.asText())));
      return;
    }
    for (int i = 0; i < specs.size(); i++) {
      JsonNode s = specs.get(i);
      if (!s.isTextual() && !s.isObject()) {
        problems.add(where.apply("specs[" + i + "]"), "must be a spec (text) or a matrix mapping, not "
            + (s.isNull() ? "empty" : s.isArray() ? "a list" : Shown.value(s.asText())));
      }
    }
  }

  private static final Pattern URL_PASSWORD =
      Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#@]*:[^/?#@]*@");

  /**
   * The manifest is written into the recipe and the image, so a literal mirror secret travels with
   * every copy of both. Spack 0.22+ can name environment variables instead ({@code id_variable},
   * {@code secret_variable}, {@code access_token_variable}). The values are never repeated.
   */
  private static void warnMirrorSecrets(JsonNode node, String path, Function<String, String> where,
      Reporter reporter) {
    if (node == null) {
      return;
    }
    if (node.isTextual() && URL_PASSWORD.matcher(node.asText()).find()) {
      reporter.warning(where.apply(path), "the URL contains a password, which is written into the recipe and "
          + "the image; keep credentials out of the URL");
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        String at = path + "." + e.getKey();
        JsonNode v = e.getValue();
        if (e.getKey().equals("access_pair") && v.isArray() || e.getKey().equals("access_token") && v.isTextual()
            || e.getKey().equals("access_pair") && v.isObject() && v.has("secret")) {
          reporter.warning(where.apply(at), "a literal mirror credential is written into the recipe and the "
              + "image; name environment variables instead (id_variable / secret_variable, "
              + "access_token_variable; Spack 0.22+)");
        } else {
          warnMirrorSecrets(v, at, where, reporter);
        }
      });
    }
  }

  private static void setInstallTree(ObjectNode out, Function<String, String> where, Reporter reporter) {
    JsonNode config = out.get("config");
    ObjectNode cfg;
    if (config instanceof ObjectNode c) {
      cfg = c;
    } else {
      cfg = F.objectNode();
      out.set("config", cfg);
    }
    JsonNode tree = cfg.get("install_tree");
    ObjectNode newTree = F.objectNode();
    if (tree != null) {
      reporter.warning(where.apply("config.install_tree"), "set explicitly; the image installs into " + STORE);
      if (tree instanceof ObjectNode t) {
        // Keep projections and padding; only the location is fixed by the image layout.
        newTree = t.deepCopy();
      }
    }
    newTree.put("root", STORE);
    if (tree != null && tree.isObject()) {
      ObjectNode reordered = F.objectNode();
      reordered.put("root", STORE);
      newTree.fields().forEachRemaining(f -> {
        if (!f.getKey().equals("root")) {
          reordered.set(f.getKey(), f.getValue());
        }
      });
      newTree = reordered;
    }
    cfg.set("install_tree", newTree);
  }

  private static void setView(ObjectNode out, Function<String, String> where, Reporter reporter) {
    if (out.has("view")) {
      reporter.warning(where.apply("view"), "set explicitly; the image uses one view at " + VIEW);
    }
    out.put("view", VIEW);
  }

  private static void setUnify(ObjectNode out, SpackDialect dialect, Function<String, String> where,
      Reporter reporter, Problems problems) {
    JsonNode concretization = out.get("concretization");
    JsonNode concretizer = out.get("concretizer");
    JsonNode unify = concretizer instanceof ObjectNode c ? c.get("unify") : null;
    if (concretization != null && unify != null) {
      problems.add(where.apply("concretization"),
          "set together with concretizer.unify; keep only concretizer.unify");
      return;
    }
    if (concretizer != null && !concretizer.isObject()) {
      problems.add(where.apply("concretizer"), "must be a mapping");
      return;
    }
    // The value the user asked for, as concretizer:unify would spell it.
    JsonNode wanted;
    String wantedAt;
    if (concretization != null) {
      String v = concretization.asText();
      if (!v.equals("together") && !v.equals("separately")) {
        problems.add(where.apply("concretization"), "must be 'together' or 'separately', not " + Shown.value(v));
        return;
      }
      wanted = F.booleanNode(v.equals("together"));
      wantedAt = "concretization";
    } else if (unify != null) {
      wanted = unify;
      wantedAt = "concretizer.unify";
    } else {
      wanted = F.booleanNode(true);
      wantedAt = "";
    }
    if (!(wanted.isBoolean() && wanted.booleanValue())) {
      reporter.warning(where.apply(wantedAt), "does not ask for one consistent set of packages, so the image "
          + "may contain several variants of the same package; set concretizer.unify to true to avoid that");
    }
    if (dialect.usesConcretizerUnify()) {
      ObjectNode c = concretizer instanceof ObjectNode o ? o : null;
      if (c == null) {
        c = F.objectNode();
        if (concretization != null) {
          replaceKey(out, "concretization", "concretizer", c);
        } else {
          out.set("concretizer", c);
        }
      } else {
        out.remove("concretization");
      }
      c.set("unify", wanted);
      return;
    }
    if (unify != null && dialect.acceptsConcretizerUnify()) {
      return; // Spack 0.18 reads concretizer:unify, when_possible included, as the user wrote it
    }
    // Spack 0.17 (or 0.18 without concretizer:unify): the top-level concretization key.
    if (wanted.isTextual()) {
      problems.add(where.apply(wantedAt), Shown.value(wanted.asText()) + " needs Spack 0.18 or later; "
          + "the image runs an older Spack, which only knows together (true) or separately (false)");
      return;
    }
    String value = wanted.isBoolean() && wanted.booleanValue() ? "together" : "separately";
    if (concretizer instanceof ObjectNode c && c.has("unify")) {
      ObjectNode rest = c.deepCopy();
      rest.remove("unify");
      if (rest.isEmpty()) {
        replaceKey(out, "concretizer", "concretization", F.textNode(value));
        return;
      }
      out.set("concretizer", rest);
    }
    out.put("concretization", value);
  }

  /** Replaces {@code oldKey} by {@code newKey} at the same position, keeping the order of the others. */
  private static void replaceKey(ObjectNode node, String oldKey, String newKey, JsonNode value) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    node.fields().forEachRemaining(entries::add);
    node.removeAll();
    for (Map.Entry<String, JsonNode> e : entries) {
      if (e.getKey().equals(oldKey)) {
        node.set(newKey, value);
      } else if (!e.getKey().equals(newKey)) {
        node.set(e.getKey(), e.getValue());
      }
    }
  }
}
