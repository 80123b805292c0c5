package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problem;
import spacktainers.common.Problems;
import spacktainers.spack.SpackLock;

/**
 * Scans {@code container_definitions/<arch>/} under a catalogue root, reads every definition (in
 * parallel), and resolves the valid ones into {@link Container}s. I/O happens here; the rules live in
 * {@link DefinitionReader}, {@link EnvironmentMerge}, {@link ImageTag} and {@link ContentHasher}.
 */
public final class CatalogLoader {
  public static final String DEFINITIONS = "container_definitions";
  public static final String BUILD_CONTEXT = "spacktainer";

  /**
   * What to load.
   *
   * @param root the catalogue root (holds {@code container_definitions/} and {@code spacktainer/})
   * @param major the tool's major version, part of every content key
   * @param displayBase paths in messages are relative to it when inside it (the working directory)
   */
  public record Request(Path root, SiteSettings settings, GitRef ref, LockSource locks, DigestSource digests,
      String major, Path displayBase) {}

  private final Request request;
  private final Path root;
  private final FileDigests digests = new FileDigests();

  private CatalogLoader(Request request) {
    this.request = request;
    this.root = request.root().toAbsolutePath().normalize();
  }

  /** Loads the catalogue; a missing {@code container_definitions/} folder is an input error. */
  public static Catalog load(Request request) {
    return new CatalogLoader(request).load();
  }

  /** A definition file found on disk, before reading. */
  private record Found(String name, Architecture arch, Path file, Optional<Path> folder, Definition.Kind kind,
      boolean hasSettings) {}

  /** The outcome for one definition. */
  private record Outcome(Optional<Container> container, List<Problem> problems, List<Problem> warnings) {}

  private Catalog load() {
    Path defs = root.resolve(DEFINITIONS);
    if (!Files.isDirectory(defs)) {
      throw InvalidInputException.of(root.toString(), "no " + DEFINITIONS + "/ folder here",
          "run in the catalogue's root folder or pass --root DIR");
    }
    Problems problems = new Problems();
    List<Problem> warnings = new ArrayList<>();
    List<Found> found = discover(defs, problems, warnings);
    byte[] templates = RenderingTemplates.digest(root, digests);
    List<BaseImageState> bases = baseImages(found, problems);
    DefinitionReader reader = new DefinitionReader(root.resolve(BUILD_CONTEXT), request.displayBase());
    List<Outcome> outcomes = found.parallelStream().map(f -> resolve(reader, f, bases, templates)).toList();
    List<Container> containers = new ArrayList<>();
    for (Outcome o : outcomes) {
      problems.addAll(o.problems());
      warnings.addAll(o.warnings());
      o.container().ifPresent(containers::add);
    }
    containers.sort(Comparator.comparing(Container::name).thenComparing(Container::arch));
    return new Catalog(root, request.settings(), request.ref(), containers, bases, problems.list(), warnings);
  }

  private List<Found> discover(Path defs, Problems problems, List<Problem> warnings) {
    List<Found> out = new ArrayList<>();
    for (Path archDir : sortedChildren(defs, problems)) {
      String id = archDir.getFileName().toString();
      if (id.startsWith("_") || id.startsWith(".") || !Files.isDirectory(archDir)) {
        continue;
      }
      String shown = display(archDir) + "/";
      Optional<Architecture> arch = Architecture.of(id);
      if (arch.isEmpty()) {
        problems.add(shown, "unsupported architecture folder '" + id + "'",
            "supported: " + Architecture.supported() + "; prefix the folder with '_' to disable it");
        continue;
      }
      boolean hasSettings = request.settings().arch(arch.get()).isPresent();
      if (!hasSettings) {
        problems.add(shown, "architecture '" + id + "' has no settings in " + settingsName()
            + " (architectures." + id + ")", "add them, or prefix the folder with '_' to disable it");
      }
      Map<String, Path> seen = new HashMap<>();
      for (Path entry : sortedChildren(archDir, problems)) {
        String file = entry.getFileName().toString();
        if (file.startsWith("_") || file.startsWith(".")) {
          continue;
        }
        String entryShown = shown + file;
        String name;
        Definition.Kind kind;
        Path defFile = entry;
        Optional<Path> folder = Optional.empty();
        if (Files.isDirectory(entry)) {
          name = file;
          kind = Definition.Kind.SPACK;
          defFile = entry.resolve("spack.yaml");
          folder = Optional.of(entry);
          if (!Files.isRegularFile(defFile)) {
            problems.add(entryShown + "/", "folder has no spack.yaml", "a folder definition is <name>/spack.yaml");
            continue;
          }
        } else if (file.endsWith(".yaml") || file.endsWith(".yml")) {
          name = file.substring(0, file.lastIndexOf('.'));
          kind = Definition.Kind.SPACK;
        } else if (file.endsWith(".def")) {
          name = file.substring(0, file.length() - 4);
          kind = Definition.Kind.CUSTOM;
        } else {
          warnings.add(Problem.at(entryShown, "ignored: not a definition (expected <name>.yaml, <name>/spack.yaml"
              + " or <name>.def; prefix it with '_' to silence this)"));
          continue;
        }
        Optional<String> bad = Names.checkContainer(name);
        if (bad.isPresent()) {
          problems.add(entryShown, bad.get());
          continue;
        }
        Path earlier = seen.putIfAbsent(name, entry);
        if (earlier != null) {
          problems.add(entryShown, "container '" + name + "' is already defined by " + shown
              + earlier.getFileName() + " for " + id);
          continue;
        }
        out.add(new Found(name, arch.get(), defFile, folder, kind, hasSettings));
      }
    }
    return out;
  }

  private String display(Path p) {
    return Checker.display(request.displayBase(), p);
  }

  private String settingsName() {
    return display(request.settings().file());
  }

  private List<Path> sortedChildren(Path dir, Problems problems) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(out::add);
    } catch (IOException e) {
      problems.add(display(dir), "cannot list: " + AtomicFiles.describe(e));
    }
    // Sort by name (not by Path, whose order is platform-specific), computing each name once.
    Map<Path, String> names = new HashMap<>();
    out.forEach(p -> names.put(p, p.getFileName().toString()));
    out.sort(Comparator.comparing(names::get));
    return out;
  }

  private List<BaseImageState> baseImages(List<Found> found, Problems problems) {
    List<BaseImageState> out = new ArrayList<>();
    boolean customs = found.stream().anyMatch(f -> f.kind() == Definition.Kind.CUSTOM);
    if (customs && request.settings().baseImage(SiteSettings.BaseImageRole.SINGULARITY).isEmpty()) {
      problems.add(settingsName(), "custom containers (.def) are built with the singularity base image, but"
          + " base_images.singularity is not set");
    }
    for (SiteSettings.BaseImageRole role : SiteSettings.BaseImageRole.values()) {
      Optional<SiteSettings.BaseImage> image = request.settings().baseImage(role);
      if (image.isEmpty()) {
        continue;
      }
      Path folder = root.resolve(image.get().folder()).normalize();
      byte[] tree;
      try {
        if (!Files.isDirectory(folder)) {
          problems.add(settingsName() + ": base_images." + role.id() + ".folder",
              "folder '" + image.get().folder() + "' does not exist in " + root);
          continue;
        }
        tree = digests.tree(folder);
      } catch (IOException e) {
        problems.add(settingsName() + ": base_images." + role.id() + ".folder",
            "cannot read '" + image.get().folder() + "': " + AtomicFiles.describe(e));
        continue;
      }
      for (Architecture arch : request.settings().architectures().keySet().stream().sorted().toList()) {
        ContentHasher h = new ContentHasher("spacktainers/base-image")
            .text("major", request.major())
            .text("role", role.id())
            .text("name", image.get().name())
            .text("arch", arch.id())
            .bytes("folder", tree)
            .tree("build_args", sortedMap(image.get().buildArgs()));
        out.add(new BaseImageState(image.get(), arch, h.hex()));
      }
    }
    return out;
  }

  private static JsonNode sortedMap(Map<String, String> map) {
    ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    new TreeMap<>(map).forEach(n::put);
    return n;
  }

  private Outcome resolve(DefinitionReader reader, Found f, List<BaseImageState> bases, byte[] templates) {
    DefinitionReader.Result read = f.kind() == Definition.Kind.SPACK
        ? reader.readSpack(f.name(), f.arch(), f.file(), f.folder())
        : reader.readCustom(f.name(), f.arch(), f.file());
    if (read.definition().isEmpty() || !f.hasSettings()) {
      return new Outcome(Optional.empty(), read.problems(), List.of());
    }
    SiteSettings.ArchSettings arch = request.settings().arch(f.arch()).orElseThrow();
    try {
      return read.definition().get() instanceof SpackDefinition s
          ? spack(s, arch, bases, templates)
          : custom((CustomDefinition) read.definition().get(), arch, bases, templates);
    } catch (IOException e) {
      return new Outcome(Optional.empty(),
          List.of(Problem.at(read.definition().get().displayPath(), "cannot read: " + AtomicFiles.describe(e))),
          List.of());
    }
  }

  private Outcome spack(SpackDefinition d, SiteSettings.ArchSettings arch, List<BaseImageState> bases,
      byte[] templates) throws IOException {
    List<Problem> problems = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    Map<String, String> values = placeholderValues(arch);
    SiteSettings.EnvironmentTemplate t = request.settings().environment();
    JsonNode cacheEnv = Placeholders.substitute(EnvironmentMerge.environment(t.common(), t.cache(), d.spack()), values);
    JsonNode containerEnv = Placeholders.substitute(
        EnvironmentMerge.environment(t.common(), t.container(), d.spack()), values);
    for (Placeholders.Use use : Placeholders.uses(containerEnv, "")) {
      problems.add(Problem.at(d.displayPath(), "placeholder %" + use.name() + "% has no value for " + arch.arch()
          + " (at " + use.path() + ")").withHint("set a target= in architectures." + arch.arch() + ".base_arch"));
    }
    Optional<SpackLock> lock = Optional.empty();
    Optional<String> version = Optional.empty();
    Container.VersionSource source = Container.VersionSource.NONE;
    Optional<Path> lockFile = request.locks().find(d.name(), d.arch());
    if (lockFile.isPresent()) {
      try {
        lock = Optional.of(SpackLock.read(lockFile.get()));
        if (d.firstSpec().isPresent()) {
          String pkg = d.firstSpec().get().name();
          Optional<SpackLock.ConcreteSpec> rootSpec = lock.get().rootFor(pkg);
          if (rootSpec.isEmpty()) {
            problems.add(Problem.at(d.displayPath() + ": spack.specs[0]", "the lock " + lockFile.get()
                + " has no root for '" + pkg + "'").withHint("concretize the container's environment again"));
          } else {
            version = Optional.of(lockVersion(rootSpec.get().version()));
            source = Container.VersionSource.LOCK;
          }
        }
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (version.isEmpty() && d.firstSpec().flatMap(s -> s.pinnedVersion()).isPresent()) {
      version = d.firstSpec().get().pinnedVersion();
      source = Container.VersionSource.SPEC;
    }
    if (version.isEmpty() && d.version().isPresent()) {
      version = d.version();
      source = Container.VersionSource.DEFINITION;
    }
    if (version.isEmpty() && problems.isEmpty()) {
      String first = d.firstSpec().map(s -> "its first spec '" + s.name() + "' pins no single version")
          .orElse("its first spec is not a plain spec string");
      warnings.add(new Problem(d.displayPath() + ": spack.specs[0]", "cannot derive the version of '" + d.name()
          + "' for " + d.arch() + ": " + first + " and there is no spack.lock yet",
          "pin the version in the spec (e.g. '" + d.firstSpec().map(s -> s.name()).orElse("name") + "@1.2')"
              + " or set spacktainer.version"));
    }
    Optional<ImageTag> tag = tag(d, arch, version, problems);
    ContentHasher h = new ContentHasher("spacktainers/container")
        .text("major", request.major())
        .text("kind", "spack")
        .text("name", d.name())
        .text("arch", d.arch().id())
        .tree("definition", d.document());
    for (FileCopy f : d.files()) {
      h.text("target", f.target()).bytes("source", digests.tree(f.resolved()));
    }
    if (d.folder().isPresent()) {
      h.bytes("folder", digests.tree(d.folder().get()));
    }
    h.tree("environment", containerEnv);
    h.text("lock", lock.map(CatalogLoader::lockIdentity).orElse("none"));
    baseInput(h, SiteSettings.BaseImageRole.BUILDER, d.arch(), bases);
    baseInput(h, SiteSettings.BaseImageRole.RUNTIME, d.arch(), bases);
    h.bytes("templates", templates);
    if (!problems.isEmpty()) {
      return new Outcome(Optional.empty(), problems, warnings);
    }
    return new Outcome(Optional.of(new Container(d, version, source, tag, h.hex(), Optional.of(cacheEnv),
        Optional.of(containerEnv), lock)), problems, warnings);
  }

  private Outcome custom(CustomDefinition d, SiteSettings.ArchSettings arch, List<BaseImageState> bases,
      byte[] templates) {
    List<Problem> problems = new ArrayList<>();
    Optional<String> version = Optional.of(d.fromTag());
    Optional<ImageTag> tag = tag(d, arch, version, problems);
    String from = d.from().canonical();
    ContentHasher h = new ContentHasher("spacktainers/container")
        .text("major", request.major())
        .text("kind", "custom")
        .text("name", d.name())
        .text("arch", d.arch().id())
        .text("definition", d.text())
        .text("from", from)
        .text("from_digest", d.from().digest().or(() -> request.digests().digest(from, d.arch())).orElse("unknown"));
    baseInput(h, SiteSettings.BaseImageRole.SINGULARITY, d.arch(), bases);
    h.bytes("templates", templates);
    if (!problems.isEmpty()) {
      return new Outcome(Optional.empty(), problems, List.of());
    }
    return new Outcome(Optional.of(new Container(d, version, Container.VersionSource.IMAGE_TAG, tag, h.hex(),
        Optional.empty(), Optional.empty(), Optional.empty())), problems, List.of());
  }

  private Optional<ImageTag> tag(Definition d, SiteSettings.ArchSettings arch, Optional<String> version,
      List<Problem> problems) {
    if (version.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ImageTag(version.get(), arch.tagSuffix() ? Optional.of(d.arch()) : Optional.empty(),
          request.ref().tagSlug()));
    } catch (IllegalArgumentException e) {
      problems.add(Problem.at(d.displayPath(), e.getMessage()).withHint("pin another version or set spacktainer.version"));
      return Optional.empty();
    }
  }

  private void baseInput(ContentHasher h, SiteSettings.BaseImageRole role, Architecture arch,
      List<BaseImageState> bases) {
    Optional<BaseImageState> base = bases.stream().filter(b -> b.image().role() == role && b.arch() == arch)
        .findFirst();
    String value = base.map(b -> {
      String repo = request.settings().registry().repository(b.image().name());
      return request.digests().digest(repo, arch).map(dg -> "digest:" + dg).orElse("key:" + b.key());
    }).orElse("missing");
    h.text(role.id(), value);
  }

  private Map<String, String> placeholderValues(SiteSettings.ArchSettings arch) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("ARCH", arch.arch().id());
    v.put("BASE_ARCH", arch.baseArch());
    arch.target().ifPresent(t -> v.put("TARGET", t));
    v.put("BUILD_CACHE_URL", "s3://" + arch.buildCache().bucket().bucketFor(request.ref().isDefault()));
    return v;
  }

  /** A git version in a lock reads {@code git.<ref>=<version>}; the tag uses the version. */
  private static String lockVersion(String v) {
    int eq = v.lastIndexOf('=');
    return eq >= 0 ? v.substring(eq + 1) : v;
  }

  /** What identifies a concretization: the roots and every node's DAG hash (not the lockfile layout). */
  private static String lockIdentity(SpackLock lock) {
    StringBuilder sb = new StringBuilder();
    for (SpackLock.Root r : lock.roots()) {
      sb.append("root ").append(r.hash()).append(' ').append(r.spec()).append('\n');
    }
    lock.dagHashes().stream().sorted().forEach(x -> sb.append(x).append('\n'));
    return HexFormat.of().formatHex(ContentHasher.sha256().digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
