package spacktainers.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import spacktainers.common.InvalidInputException;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Problems;
import spacktainers.registry.AssembledImage;
import spacktainers.registry.ImageAssembler;
import spacktainers.registry.ImagePublisher;
import spacktainers.registry.ImageRef;
import spacktainers.registry.ImageResolver;
import spacktainers.registry.ImageSpec;
import spacktainers.registry.ImageTarget;
import spacktainers.registry.LayerSpec;
import spacktainers.registry.ManifestFormat;
import spacktainers.registry.Ownership;
import spacktainers.registry.Platform;
import spacktainers.registry.RegistrySession;

/** {@code spacktainers image assemble}: base image + layers + config, without a daemon or privileges. */
@Command(name = "assemble", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Assemble an image from a base image and host files, without a daemon and without privileges.",
        "Layers keep symbolic links, hard links and file modes; the same inputs give the same digest.",
        "Prints '<digest> <target>' on success."})
public final class ImageAssembleCommand implements Callable<Integer> {
  static final Instant DEFAULT_TIMESTAMP = Instant.ofEpochSecond(1);

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "REF|scratch", description = "Base image, or scratch for none.")
  String from;

  @Option(names = "--layer", paramLabel = "SRC:DST[:MODE]",
      description = "A layer from host file or folder SRC at absolute DST; MODE (octal) is forced on regular files. "
          + "Repeatable; one layer each.")
  List<String> layers = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Add or replace a label. Repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--content-key", paramLabel = "KEY",
      description = "The catalogue's content key, stored as label " + ImageSpec.CONTENT_KEY_LABEL + ".")
  String contentKey;

  @Option(names = "--env", paramLabel = "NAME=VALUE", description = "Add or replace an environment variable. Repeatable.")
  List<String> env = new ArrayList<>();

  @Option(names = "--entrypoint", paramLabel = "CMD",
      description = "Entrypoint: a JSON array (exec form) or words split at spaces. Clears the base's command unless --cmd is given.")
  String entrypoint;

  @Option(names = "--cmd", paramLabel = "CMD", description = "Command: a JSON array or words split at spaces.")
  String cmd;

  @Option(names = "--workdir", paramLabel = "DIR", description = "Working directory (absolute).")
  String workdir;

  @Option(names = "--user", paramLabel = "USER[:GROUP]", description = "User the container runs as.")
  String user;

  @Option(names = {"--platform", "--arch"}, paramLabel = "PLATFORM", defaultValue = "linux/amd64",
      description = "Platform taken from a multi-platform base and recorded in the image (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(names = "--owner", paramLabel = "UID:GID|keep", defaultValue = "0:0",
      description = "Owner of the layer files: numeric ids, or keep for the source files' own (default: ${DEFAULT-VALUE}).")
  String owner;

  @Option(names = "--timestamp", paramLabel = "TIME",
      description = "Creation time and file modification time: ISO-8601 (2024-05-01T00:00:00Z) or epoch seconds. "
          + "Default: $SOURCE_DATE_EPOCH, else 1970-01-01T00:00:01Z.")
  String timestamp;

  @Option(names = "--format", paramLabel = "oci|docker", defaultValue = "oci",
      description = "Manifest format (default: ${DEFAULT-VALUE}).")
  ManifestFormat format;

  @Option(names = "--compression-level", paramLabel = "0-9", defaultValue = "1",
      description = "gzip level of the new layers (default: ${DEFAULT-VALUE}, fastest; 6 makes Spack trees about 7% "
          + "smaller for twice the CPU time).")
  int compressionLevel;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where layer files are staged (default: the system's temporary folder).")
  Path workDir;

  @Option(names = "--to", required = true, paramLabel = "TARGET",
      description = "registry://HOST/NAME:TAG, tar://FILE.tar[:NAME:TAG] or docker://NAME:TAG.")
  String to;

  @Mixin RegistryOptions registry = new RegistryOptions();

  @Override
  public Integer call() {
    Main main = Main.of(spec);
    CliContext context = main.context();
    Problems problems = new Problems();
    ImageSpec imageSpec = imageSpec(context, problems);
    ImageTarget target = problems.collect(() -> ImageTarget.parse(to, "--to", context::resolve));
    var settings = problems.collect(() -> registry.settings(main));
    problems.throwIfAny();

    Path work = createWorkDir(context);
    try (RegistrySession session = new RegistrySession(settings, context.env(), main.reporter())) {
      ImagePublisher publisher = new ImagePublisher(Optional.of(session), context.env(), main.reporter());
      publisher.checkReachable(target);
      ImageAssembler assembler = new ImageAssembler(Optional.of(new ImageResolver(session)), main.reporter());
      AssembledImage image = assembler.assemble(imageSpec, work);
      ImagePublisher.Published published = publisher.publish(image, target, work);
      context.out().println(published.digest() + " " + published.target());
      return 0;
    } finally {
      deleteRecursively(work);
    }
  }

  private ImageSpec imageSpec(CliContext context, Problems problems) {
    Optional<ImageRef> base = from.equals("scratch") ? Optional.empty()
        : Optional.ofNullable(ImageCommand.ref(problems, from, "--from"));
    Platform p = problems.collect(() -> Platform.parse(platform, "--platform"));
    List<LayerSpec> layerSpecs = new ArrayList<>();
    for (String l : layers) {
      LayerSpec s = problems.collect(() -> LayerSpec.parse(l, "--layer"));
      if (s != null) {
        Path source = context.resolve(s.source());
        if (!Files.exists(source)) {
          problems.add("--layer " + l, "source " + source + " does not exist");
        }
        layerSpecs.add(s.withSource(source));
      }
    }
    Map<String, String> allLabels = new LinkedHashMap<>();
    labels.forEach((k, v) -> {
      if (k.isBlank()) {
        problems.add("--label", "a label needs a name: '=" + v + "'");
      }
      allLabels.put(k, v);
    });
    if (contentKey != null) {
      if (!contentKey.matches("[A-Za-z0-9:._+-]{1,200}")) {
        problems.add("--content-key", "'" + contentKey + "' is not a content key");
      }
      allLabels.put(ImageSpec.CONTENT_KEY_LABEL, contentKey);
    }
    for (String e : env) {
      if (!e.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
        problems.add("--env", "'" + e + "' is not NAME=VALUE");
      }
    }
    if (workdir != null && !workdir.startsWith("/")) {
      problems.add("--workdir", "'" + workdir + "' is not absolute");
    }
    Ownership ownership = problems.collect(() -> Ownership.parse(owner, "--owner"));
    Instant created = problems.collect(() -> timestamp(context));
    if (compressionLevel < 0 || compressionLevel > 9) {
      problems.add("--compression-level", "must be 0 to 9, not " + compressionLevel);
    }
    Optional<List<String>> ep = Optional.ofNullable(entrypoint).map(v -> problems.collect(() -> command(v, "--entrypoint")));
    Optional<List<String>> c = Optional.ofNullable(cmd).map(v -> problems.collect(() -> command(v, "--cmd")));
    if (!problems.isEmpty()) {
      return null;
    }
    return new ImageSpec(base, p, layerSpecs, allLabels, env, ep, c, Optional.ofNullable(workdir),
        Optional.ofNullable(user), ownership, created, format, compressionLevel);
  }

  private Instant timestamp(CliContext context) {
    String where = timestamp != null ? "--timestamp" : "SOURCE_DATE_EPOCH";
    String value = timestamp != null ? timestamp : context.env("SOURCE_DATE_EPOCH").orElse(null);
    if (value == null) {
      return DEFAULT_TIMESTAMP;
    }
    try {
      Instant t = value.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.parse(value);
      if (t.isBefore(Instant.EPOCH)) {
        throw InvalidInputException.of(where, "'" + value + "' is before 1970");
      }
      return t;
    } catch (DateTimeParseException e) {
      throw InvalidInputException.of(where, "'" + value + "' is not a time",
          "write ISO-8601 with a zone, e.g. 2024-05-01T00:00:00Z, or epoch seconds");
    }
  }

  static List<String> command(String value, String where) {
    String v = value.strip();
    if (v.startsWith("[")) {
      try {
        JsonNode node = new ObjectMapper().readTree(v);
        List<String> words = new ArrayList<>();
        for (JsonNode n : node) {
          if (!n.isTextual()) {
            throw InvalidInputException.of(where, "the JSON array must hold strings only");
          }
          words.add(n.asText());
        }
        if (words.isEmpty()) {
          throw InvalidInputException.of(where, "the JSON array is empty");
        }
        return words;
      } catch (IOException e) {
        throw InvalidInputException.of(where, "'" + value + "' is not a JSON array of strings",
            "write e.g. '[\"/opt/run.sh\", \"--flag\"]'");
      }
    }
    List<String> words = Arrays.stream(v.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty()) {
      throw InvalidInputException.of(where, "is empty");
    }
    return words;
  }

  private Path createWorkDir(CliContext context) {
    try {
      if (workDir != null) {
        Path parent = context.resolve(workDir);
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "spacktainers-assemble-");
      }
      return Files.createTempDirectory("spacktainers-assemble-");
    } catch (IOException e) {
      throw new OperationFailedException("--work-dir", "cannot create a work folder: " + e.getMessage(), e);
    }
  }

  static void deleteRecursively(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a leftover staging folder under the temporary folder is harmless
    }
  }
}
