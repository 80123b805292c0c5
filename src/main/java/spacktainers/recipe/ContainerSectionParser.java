package spacktainers.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import spacktainers.common.Problems;
import spacktainers.common.Shown;
import spacktainers.recipe.ContainerSection.CatalogImages;
import spacktainers.recipe.ContainerSection.CustomImages;
import spacktainers.recipe.ContainerSection.Images;
import spacktainers.recipe.ContainerSection.Label;
import spacktainers.recipe.ContainerSection.OsPackages;
import spacktainers.recipe.ContainerSection.Singularity;
import spacktainers.recipe.ContainerSection.SpackGit;
import spacktainers.recipe.ContainerSection.SpackSource;
import spacktainers.recipe.ContainerSection.SpackTag;
import spacktainers.spack.OsImageCatalog;
import spacktainers.spack.SpackEnvironment;

/**
 * Validates the whole {@code container:} schema and collects every problem (unknown keys, wrong
 * types, values outside their set) with its location, so the user fixes the file in one go.
 */
public final class ContainerSectionParser {
  public static final String DEFAULT_OS = "ubuntu:22.04";
  static final List<String> KEYS = List.of("format", "images", "strip", "os_packages", "labels", "template",
      "depfile", "singularity", "docker", "extra_instructions");
  static final List<String> OS_PACKAGE_COMMANDS =
      List.of("apt", "yum", "zypper", "apk", "yum_amazon", "dnf", "dnf_epel");
  private static final List<String> OS_PACKAGES_KEYS = List.of("command", "update", "build", "final");
  private static final List<String> SINGULARITY_KEYS = List.of("runscript", "startscript", "test", "help");
  private static final List<String> SPACK_GIT_KEYS = List.of("url", "ref", "resolve_sha", "verify");
  private static final List<String> EXTRA_KEYS = List.of("build", "final");

  private final SpackEnvironment env;
  private final OsImageCatalog catalog;
  private final Problems problems;

  private ContainerSectionParser(SpackEnvironment env, OsImageCatalog catalog, Problems problems) {
    this.env = env;
    this.catalog = catalog;
    this.problems = problems;
  }

  /** The section, or problems added to {@code problems} (the returned value is then meaningless). */
  public static ContainerSection parse(SpackEnvironment env, OsImageCatalog catalog, Problems problems) {
    Problems found = new Problems();
    ContainerSection section = new ContainerSectionParser(env, catalog, found).parse();
    // In file order, so the list reads top to bottom like the file.
    List<spacktainers.common.Problem> sorted = new ArrayList<>(found.list());
    sorted.sort(java.util.Comparator.comparingLong(ContainerSectionParser::position));
    problems.addAll(sorted);
    return section;
  }

  private static final Pattern LINE_COLUMN = Pattern.compile(":(\\d+):(\\d+)(:|$)");

  /** line * 10^6 + column from a {@code file:line:col: path} location; unknown positions sort last. */
  private static long position(spacktainers.common.Problem p) {
    Matcher m = LINE_COLUMN.matcher(p.where());
    return m.find() ? Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2)) : Long.MAX_VALUE;
  }

  private ContainerSection parse() {
    JsonNode c = env.spack().get("container");
    if (c == null || c.isNull()) {
      return new ContainerSection(Optional.empty(), new CatalogImages(DEFAULT_OS, Optional.empty()), true,
          OsPackages.none(), List.of(), Optional.empty(), false, Singularity.none(), Optional.empty(),
          Optional.empty());
    }
    if (!mapping(c, "container", KEYS)) {
      return null;
    }
    Optional<Format> format = string(c, "container.format").flatMap(f -> {
      for (Format v : Format.values()) {
        if (v.key().equals(f)) {
          return Optional.of(v);
        }
      }
      problems.add(env.where("container.format"), Shown.value(f) + " is not one of: docker, singularity");
      return Optional.empty();
    });
    Images images = images(c.get("images"));
    boolean strip = bool(c, "container.strip", true);
    OsPackages osPackages = osPackages(c.get("os_packages"));
    List<Label> labels = labels(c.get("labels"));
    Optional<String> template = string(c, "container.template");
    template.filter(String::isBlank).ifPresent(t -> problems.add(env.where("container.template"), "must not be empty"));
    boolean depfile = bool(c, "container.depfile", false);
    Singularity singularity = singularity(c.get("singularity"));
    JsonNode docker = c.get("docker");
    if (docker != null && !docker.isNull()) {
      if (!docker.isObject()) {
        problems.add(env.where("container.docker"), "must be a mapping (it is reserved and takes no keys)");
      } else {
        docker.fieldNames().forEachRemaining(k -> problems.add(env.where("container.docker." + k),
            "unknown key; container.docker is reserved and takes no keys"));
      }
    }
    Optional<String> extraBuild = Optional.empty();
    Optional<String> extraFinal = Optional.empty();
    JsonNode extra = c.get("extra_instructions");
    if (extra != null && !extra.isNull() && mapping(extra, "container.extra_instructions", EXTRA_KEYS)) {
      extraBuild = string(extra, "container.extra_instructions.build");
      extraFinal = string(extra, "container.extra_instructions.final");
    }
    return new ContainerSection(format, images, strip, osPackages, labels, template, depfile, singularity,
        extraBuild, extraFinal);
  }

  private Images images(JsonNode node) {
    String path = "container.images";
    if (node == null || node.isNull()) {
      return new CatalogImages(DEFAULT_OS, Optional.empty());
    }
    if (!node.isObject()) {
      problems.add(env.where(path), "must be a mapping: either {os, spack} or {build, final}");
      return null;
    }
    boolean catalogShape = node.has("os") || node.has("spack");
    boolean customShape = node.has("build") || node.has("final");
    List<String> allowed = catalogShape && !customShape ? List.of("os", "spack")
        : customShape && !catalogShape ? List.of("build", "final") : List.of("os", "spack", "build", "final");
    mapping(node, path, allowed);
    if (catalogShape && customShape) {
      problems.add(env.where(path), "use either {os, spack} (an OS from the catalogue) or {build, final} "
          + "(your own images), not both");
      return null;
    }
    if (customShape) {
      Optional<String> build = string(node, path + ".build");
      Optional<String> fin = string(node, path + ".final");
      if (!node.has("build")) {
        problems.add(env.where(path), "'build' is required with 'final' (the image with Spack to build in)");
      }
      if (!node.has("final")) {
        problems.add(env.where(path), "'final' is required with 'build' (the image the software runs in)");
      }
      build.ifPresent(b -> imageReference(b, path + ".build"));
      fin.ifPresent(f -> imageReference(f, path + ".final"));
      return new CustomImages(build.orElse(""), fin.orElse(""));
    }
    Optional<String> os = string(node, path + ".os");
    if (!node.has("os")) {
      problems.add(env.where(path), "'os' is required with 'spack' (see 'spacktainers containerize --list-os')");
    }
    os.ifPresent(o -> {
      if (catalog.get(o).isEmpty()) {
        problems.add(env.where(path + ".os"), "unknown OS " + Shown.value(o) + "; one of: " + String.join(", ", catalog.keys()),
            "'spacktainers containerize --list-os' describes each");
      }
    });
    JsonNode spack = node.get("spack");
    Optional<SpackSource> source = Optional.empty();
    if (spack == null || spack.isNull()) {
      problems.add(env.where(path), "'spack' is required with 'os': a Spack release such as v0.18.1, "
          + "'develop', or {url, ref}", "or drop the whole 'images' section to use " + DEFAULT_OS
          + " with a Spack chosen for you");
    } else if (spack.isObject()) {
      mapping(spack, path + ".spack", SPACK_GIT_KEYS);
      String url = string(spack, path + ".spack.url").orElse(SpackGit.DEFAULT_URL);
      String ref = string(spack, path + ".spack.ref").orElse("develop");
      nonBlank(url, path + ".spack.url");
      if (hasCredentials(url)) {
        // The URL is written into the recipe's RUN line and the image's .git/config: a token there
        // ends up in the build history of every image built from it. The value is not repeated.
        problems.add(env.where(path + ".spack.url"), "contains credentials (user:password@ or a token "
            + "before @); they would be written into the recipe and the image", "use a URL without "
            + "credentials, for example a public fork or mirror of Spack");
      }
      nonBlank(ref, path + ".spack.ref");
      notAnOption(url, path + ".spack.url");
      notAnOption(ref, path + ".spack.ref");
      source = Optional.of(new SpackGit(url, ref, bool(spack, path + ".spack.resolve_sha", false),
          bool(spack, path + ".spack.verify", false)));
    } else if (spack.isValueNode() && !spack.isBoolean()) {
      String ref = spack.asText();
      nonBlank(ref, path + ".spack");
      notAnOption(ref, path + ".spack");
      source = Optional.of(new SpackTag(ref));
    } else {
      problems.add(env.where(path + ".spack"), "must be a Spack release, branch or commit (text), "
          + "or a mapping {url, ref, resolve_sha, verify}");
    }
    return new CatalogImages(os.orElse(""), source);
  }

  private OsPackages osPackages(JsonNode node) {
    String path = "container.os_packages";
    if (node == null || node.isNull()) {
      return OsPackages.none();
    }
    if (!mapping(node, path, OS_PACKAGES_KEYS)) {
      return OsPackages.none();
    }
    Optional<String> command = string(node, path + ".command");
    command.ifPresent(cmd -> {
      if (!OS_PACKAGE_COMMANDS.contains(cmd)) {
        problems.add(env.where(path + ".command"), Shown.value(cmd) + " is not one of: "
            + String.join(", ", OS_PACKAGE_COMMANDS));
      }
    });
    return new OsPackages(command, bool(node, path + ".update", true), stringList(node, path + ".build"),
        stringList(node, path + ".final"));
  }

  private List<Label> labels(JsonNode node) {
    String path = "container.labels";
    List<Label> labels = new ArrayList<>();
    if (node == null || node.isNull()) {
      return labels;
    }
    if (!node.isObject()) {
      problems.add(env.where(path), "must be a mapping of label names to values");
      return labels;
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      String at = path + "." + key;
      if (key.isEmpty()) {
        problems.add(env.where(path), "a label name must not be empty");
        continue;
      }
      if (!v.isValueNode() || v.isNull()) {
        problems.add(env.where(at), "must be a text, number or boolean value");
        continue;
      }
      String text = v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
      if (hasLineBreak(key) || hasLineBreak(text)) {
        problems.add(env.where(at), "a label cannot span several lines");
        continue;
      }
      labels.add(new Label(key, text));
    }
    return labels;
  }

  private Singularity singularity(JsonNode node) {
    String path = "container.singularity";
    if (node == null || node.isNull() || !mapping(node, path, SINGULARITY_KEYS)) {
      return Singularity.none();
    }
    return new Singularity(section(node, path + ".runscript"), section(node, path + ".startscript"),
        section(node, path + ".test"), section(node, path + ".help"));
  }

  /** A Singularity section body: a line starting with '%' would begin a new section. */
  private Optional<String> section(JsonNode node, String path) {
    Optional<String> s = string(node, path);
    s.ifPresent(text -> {
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("%")) {
          problems.add(env.where(path), "a line starting with '%' would start a new section of the "
              + "definition file: " + Shown.value(line));
          return;
        }
      }
    });
    return s;
  }

  /** Checks that {@code node} is a mapping with only {@code allowed} keys; false if not a mapping. */
  private boolean mapping(JsonNode node, String path, List<String> allowed) {
    if (!node.isObject()) {
      problems.add(env.where(path), "must be a mapping with keys: " + String.join(", ", allowed));
      return false;
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        problems.add(env.where(path + "." + k), "unknown key" + suggestion(k, allowed) + "; allowed: "
            + String.join(", ", allowed));
      }
    });
    return true;
  }

  private Optional<String> string(JsonNode parent, String path) {
    JsonNode v = parent.get(last(path));
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      if (v.isNumber()) {
        // A bare 3.10 or 22 in YAML is a number; for image tags and refs the text is what was meant.
        return Optional.of(v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText());
      }
      problems.add(env.where(path), "must be text, not " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v.textValue());
  }

  private boolean bool(JsonNode parent, String path, boolean dflt) {
    JsonNode v = parent.get(last(path));
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      problems.add(env.where(path), "must be true or false, not " + describe(v));
      return dflt;
    }
    return v.booleanValue();
  }

  private List<String> stringList(JsonNode parent, String path) {
    JsonNode v = parent.get(last(path));
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      problems.add(env.where(path), "must be a list of package names, not " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String at = path + "[" + i + "]";
      if (!item.isValueNode() || item.isNull() || item.isBoolean()) {
        problems.add(env.where(at), "must be a package name, not " + describe(item));
      } else if (item.asText().isBlank() || hasLineBreak(item.asText())) {
        problems.add(env.where(at), "must be a package name on one line");
      } else {
        out.add(item.asText());
      }
    }
    return out;
  }

  /** An image reference goes into FROM lines as it is: one word, no spaces or line breaks. */
  private void imageReference(String value, String path) {
    if (value.isBlank()) {
      problems.add(env.where(path), "must not be empty");
    } else if (value.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7f)) {
      problems.add(env.where(path), "not an image reference: it contains spaces, line breaks or control characters");
    } else if (value.contains("://")) {
      // Singularity users write docker://image; both formats name a registry image without a scheme
      // (Bootstrap: docker adds it), and FROM docker://... is no image at all.
      problems.add(env.where(path), "not an image reference: " + Shown.value(value) + " has a URL scheme",
          "write the image without it, e.g. " + value.substring(value.indexOf("://") + 3));
    }
  }

  /** Git refs and URLs never start with '-'; in 'git fetch origin REF' such a value is an option. */
  private void notAnOption(String value, String path) {
    if (value.startsWith("-")) {
      problems.add(env.where(path), Shown.value(value) + " starts with '-': not a git ref or URL "
          + "(git would read it as an option)");
    }
  }

  private void nonBlank(String value, String path) {
    if (value.isBlank()) {
      problems.add(env.where(path), "must not be empty");
    } else if (hasLineBreak(value) || value.chars().anyMatch(ch -> ch < 0x20)) {
      problems.add(env.where(path), "must be on one line, without control characters");
    }
  }

  /** {@code scheme://user:secret@host} anywhere, or any user part of an http(s) URL (a bare token). */
  static boolean hasCredentials(String url) {
    Matcher m = CREDENTIALS.matcher(url);
    return m.find() && (m.group(2).contains(":") || m.group(1).toLowerCase(Locale.ROOT).startsWith("http"));
  }

  private static final Pattern CREDENTIALS =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#@]*)@");

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isTextual()) {
      return Shown.value(v.textValue());
    }
    return v.asText();
  }

  /** "; did you mean 'x'?" for a near miss (one edit away, or a case difference). */
  private static String suggestion(String key, List<String> allowed) {
    for (String a : allowed) {
      if (a.equalsIgnoreCase(key) || a.replace("_", "").equals(key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT))
          || distance(a, key) == 1) {
        return " (did you mean '" + a + "'?)";
      }
    }
    return "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
