package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problem;
import spacktainers.common.Problems;
import spacktainers.spack.Spec;
import spacktainers.spack.SpecParser;
import spacktainers.yaml.YamlDocument;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/**
 * Reads one definition file and checks it completely: every problem is collected with its file,
 * line and key path, and a definition is returned only when there was none.
 */
final class DefinitionReader {
  private static final Set<String> TOP = Set.of("spack", "spacktainer");
  private static final Set<String> SPACKTAINER = Set.of("files", "version", "labels", "description");
  private static final Set<String> FILE_ENTRY = Set.of("source", "target");
  private static final long MAX_DEF_BYTES = 1L << 20;

  private final Path displayBase;
  private final Path spacktainerDir;
  private final YamlReader yaml = new YamlReader(YamlLimits.DOCUMENT);

  /**
   * @param spacktainerDir the {@code spacktainer/} build context that {@code files} sources live in
   * @param displayBase paths in messages are shown relative to it
   */
  DefinitionReader(Path spacktainerDir, Path displayBase) {
    this.spacktainerDir = spacktainerDir;
    this.displayBase = displayBase;
  }

  /** The outcome for one file: a definition, or the problems that kept it out. */
  record Result(Optional<Definition> definition, List<Problem> problems) {}

  String display(Path p) {
    return Checker.display(displayBase, p);
  }

  Result readSpack(String name, Architecture arch, Path file, Optional<Path> folder) {
    String shown = display(file);
    Problems problems = new Problems();
    YamlDocument doc;
    try {
      doc = yaml.read(file, shown);
    } catch (InvalidInputException e) {
      return new Result(Optional.empty(), e.problems());
    }
    Checker c = new Checker(doc, problems);
    JsonNode top = doc.root();
    if (!top.isObject()) {
      c.error("", top.isNull() ? "the file is empty: a definition needs a spack: mapping with specs"
          : "a definition must be a mapping with spack: (and optionally spacktainer:), not " + Checker.describe(top));
      return new Result(Optional.empty(), problems.list());
    }
    c.onlyKeys(top, "", TOP);
    Optional<ObjectNode> spack = c.mapping(top, "spack", "", true);
    Optional<Spec> first = spack.flatMap(s -> specs(c, s));
    Optional<ObjectNode> st = c.mapping(top, "spacktainer", "", false);
    List<FileCopy> files = new ArrayList<>();
    Optional<String> version = Optional.empty();
    Map<String, String> labels = Map.of();
    Optional<String> description = Optional.empty();
    if (st.isPresent()) {
      ObjectNode s = st.get();
      c.onlyKeys(s, "spacktainer", SPACKTAINER);
      files = files(c, s);
      version = c.scalarText(s, "version", "spacktainer", false);
      version.flatMap(v -> ImageTag.checkVersion(v, true))
          .ifPresent(m -> c.error("spacktainer.version", m));
      labels = c.stringMap(s, "labels", "spacktainer", DefinitionReader::checkLabel).orElse(Map.of());
      description = c.string(s, "description", "spacktainer", false);
    } else if (top.has("spacktainer") && top.get("spacktainer").isNull()) {
      c.error("spacktainer", "is empty: remove it or give it files, version, labels or description");
    }
    spack.ifPresent(s -> {
      for (Placeholders.Use use : Placeholders.uses(s, "spack")) {
        if (!Placeholders.NAMES.contains(use.name())) {
          c.error(use.path(), "unknown placeholder %" + use.name() + "%", "known: " + Placeholders.known());
        }
      }
    });
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems.list());
    }
    return new Result(Optional.of(new SpackDefinition(name, arch, file, shown, folder, top, spack.orElseThrow(),
        first, files, version, labels, description)), List.of());
  }

  /** Checks {@code spack.specs}; returns the first entry when it is a plain spec string. */
  private Optional<Spec> specs(Checker c, ObjectNode spack) {
    JsonNode specs = spack.get("specs");
    if (specs == null || specs.isNull()) {
      c.error("spack", "missing required key 'specs' (a non-empty list of Spack specs)");
      return Optional.empty();
    }
    if (!specs.isArray() || specs.isEmpty()) {
      c.error("spack.specs", specs.isArray() ? "must not be empty: list at least one Spack spec"
          : "must be a list of Spack specs, not " + Checker.describe(specs));
      return Optional.empty();
    }
    Optional<Spec> first = Optional.empty();
    for (int i = 0; i < specs.size(); i++) {
      JsonNode item = specs.get(i);
      String path = YamlDocument.item("spack.specs", i);
      if (item.isObject() && item.has("matrix")) {
        continue; // a spec matrix: Spack expands it; its strings may reference definitions
      }
      if (!item.isTextual()) {
        c.error(path, "must be a spec string (or a matrix), not " + Checker.describe(item), "quote the spec");
        continue;
      }
      String text = item.textValue();
      if (text.startsWith("$")) {
        continue; // a reference to a spack.definitions list
      }
      try {
        Spec spec = SpecParser.parse(text, c.where(path));
        if (spec.isAnonymous()) {
          c.error(path, "spec '" + text + "' names no package");
        } else if (i == 0) {
          first = Optional.of(spec);
        }
      } catch (InvalidInputException e) {
        c.problems().addAll(e.problems());
      }
    }
    return first;
  }

  private List<FileCopy> files(Checker c, ObjectNode st) {
    List<FileCopy> out = new ArrayList<>();
    JsonNode files = st.get("files");
    if (files == null) {
      return out;
    }
    if (!files.isArray()) {
      c.error("spacktainer.files", "must be a list of 'source:target' entries, not " + Checker.describe(files));
      return out;
    }
    Set<String> targets = new java.util.HashSet<>();
    for (int i = 0; i < files.size(); i++) {
      String path = YamlDocument.item("spacktainer.files", i);
      JsonNode item = files.get(i);
      String source;
      String target;
      if (item.isTextual()) {
        String entry = item.textValue();
        int colon = entry.indexOf(':');
        if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
          c.error(path, (colon < 0 ? "no ':' in '" : "more than one ':' in '") + entry
              + "': expected 'source:target'", "write {source: ..., target: ...} for paths that contain ':'");
          continue;
        }
        source = entry.substring(0, colon).strip();
        target = entry.substring(colon + 1).strip();
      } else if (item.isObject()) {
        if (!c.onlyKeys(item, path, FILE_ENTRY)) {
          continue;
        }
        Optional<String> s = c.string(item, "source", path, true);
        Optional<String> t = c.string(item, "target", path, true);
        if (s.isEmpty() || t.isEmpty()) {
          continue;
        }
        source = s.get();
        target = t.get();
      } else {
        c.error(path, "must be 'source:target' or {source: ..., target: ...}, not " + Checker.describe(item));
        continue;
      }
      Optional<Path> resolved = source(c, path, source);
      boolean targetOk = target(c, path, target);
      if (targetOk && !targets.add(Path.of(target).normalize().toString())) {
        c.error(path, "target '" + target + "' is already the target of an earlier entry");
        continue;
      }
      if (resolved.isPresent() && targetOk) {
        out.add(new FileCopy(source, target, resolved.get()));
      }
    }
    return out;
  }

  private Optional<Path> source(Checker c, String path, String source) {
    if (source.isEmpty()) {
      c.error(path, "empty source");
      return Optional.empty();
    }
    if (hasControl(source)) {
      c.error(path, "source contains a control character");
      return Optional.empty();
    }
    if (source.startsWith("/") || Path.of(source).isAbsolute()) {
      c.error(path, "source '" + source + "' must be relative to spacktainer/", "e.g. files/<container>/script.sh");
      return Optional.empty();
    }
    Path resolved = spacktainerDir.resolve(source).normalize();
    if (!resolved.startsWith(spacktainerDir)) {
      c.error(path, "source '" + source + "' leaves spacktainer/");
      return Optional.empty();
    }
    if (!Files.exists(resolved)) {
      c.error(path, "source '" + source + "' does not exist (looked for " + display(resolved) + ")");
      return Optional.empty();
    }
    try {
      Path real = resolved.toRealPath();
      Path base = spacktainerDir.toRealPath();
      if (!real.startsWith(base)) {
        c.error(path, "source '" + source + "' leaves spacktainer/ through a symbolic link (to " + real + ")");
        return Optional.empty();
      }
      for (FileDigests.Entry e : FileDigests.entries(resolved)) {
        if (e.kind() == 'l') {
          Path target = e.path().getParent().resolve(Files.readSymbolicLink(e.path())).normalize();
          Path linkReal = Files.exists(target) ? target.toRealPath() : target;
          if (!linkReal.startsWith(base)) {
            c.error(path, "source '" + source + "' holds a symbolic link leaving spacktainer/: "
                + display(e.path()));
            return Optional.empty();
          }
        }
      }
      return Optional.of(resolved);
    } catch (IOException e) {
      c.error(path, "cannot read source '" + source + "': " + AtomicFiles.describe(e));
      return Optional.empty();
    }
  }

  private static boolean target(Checker c, String path, String target) {
    if (!target.startsWith("/")) {
      c.error(path, "target '" + target + "' must be an absolute path in the image");
      return false;
    }
    if (hasControl(target) || List.of(target.split("/")).contains("..")) {
      c.error(path, "target '" + target + "' must not contain '..' or control characters");
      return false;
    }
    return true;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
  }

  private static Optional<String> checkLabel(String key) {
    if (key.isEmpty() || key.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7f || ch == '=')) {
      return Optional.of("invalid label name '" + key + "': no spaces, '=' or control characters");
    }
    return Optional.empty();
  }

  Result readCustom(String name, Architecture arch, Path file) {
    String shown = display(file);
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_DEF_BYTES) {
        return fail(shown, "file is " + size + " bytes, more than the limit of " + MAX_DEF_BYTES + " bytes");
      }
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      return fail(shown, "not valid UTF-8 text");
    } catch (IOException e) {
      return fail(shown, "cannot read: " + AtomicFiles.describe(e));
    }
    text = text.replace("\r\n", "\n");
    Problems problems = new Problems();
    String bootstrap = null;
    String from = null;
    int fromLine = 0;
    String[] lines = text.split("\n", -1);
    // The header runs up to the first %section; keywords are case-insensitive in Singularity/Apptainer.
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("%")) {
        break;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        problems.add(shown + ":" + (i + 1), "expected 'Keyword: value' in the header, got '" + line + "'");
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (key.equals("bootstrap")) {
        if (bootstrap != null) {
          break; // a second stage starts; only the first stage's header decides
        }
        bootstrap = value;
        if (!value.equalsIgnoreCase("docker")) {
          problems.add(shown + ":" + (i + 1), "Bootstrap '" + value + "' is not supported",
              "custom containers are built from registry images: use 'Bootstrap: docker'");
        }
      } else if (key.equals("from") && from == null) {
        from = value;
        fromLine = i + 1;
      }
    }
    if (bootstrap == null) {
      problems.add(shown, "no 'Bootstrap:' line in the header", "start the file with 'Bootstrap: docker'");
    }
    ImageReference ref = null;
    if (from == null) {
      problems.add(shown, "no 'From:' line in the header", "name the image to start from, e.g. 'From: ubuntu:22.04'");
    } else {
      String where = shown + ":" + fromLine;
      try {
        ref = ImageReference.parse(from, where);
        if (ref.tag().isEmpty()) {
          problems.add(where, "image '" + from + "' has no tag; the tag is the container's version",
              "write the tag, e.g. '" + from.replaceFirst("@.*", "") + ":1.0'" + (ref.digest().isPresent()
                  ? " (a digest may follow: name:tag@sha256:...)" : ""));
        } else {
          Optional<String> bad = ImageTag.checkVersion(ref.tag().get(), true);
          if (bad.isPresent()) {
            problems.add(where, bad.get());
          }
        }
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems.list());
    }
    return new Result(Optional.of(new CustomDefinition(name, arch, file, shown, bootstrap, ref, text)), List.of());
  }

  private static Result fail(String where, String message) {
    return new Result(Optional.empty(), List.of(Problem.at(where, message)));
  }

}
