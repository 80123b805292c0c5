package spacktainers.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import spacktainers.catalog.Architecture;
import spacktainers.catalog.Catalog;
import spacktainers.catalog.Container;
import spacktainers.catalog.CustomDefinition;
import spacktainers.catalog.FileCopy;
import spacktainers.catalog.LockSource;
import spacktainers.catalog.SpackDefinition;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problem;
import spacktainers.common.Reporter;
import spacktainers.yaml.YamlWriter;

/** {@code spacktainers definitions list|validate|show}: the container catalogue, checked. */
@Command(name = "definitions", mixinStandardHelpOptions = true,
    description = "The container catalogue in container_definitions/<arch>/: list, validate, show.",
    subcommands = {DefinitionsCommand.ListCommand.class, DefinitionsCommand.ValidateCommand.class,
        DefinitionsCommand.ShowCommand.class})
public final class DefinitionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Main.of(spec).context().out());
  }

  static Optional<Architecture> arch(String id) {
    if (id == null) {
      return Optional.empty();
    }
    return Optional.of(Architecture.of(id).orElseThrow(() -> InvalidInputException.of("--arch",
        "unknown architecture '" + id + "'", "supported: " + Architecture.supported())));
  }

  /** Prints warnings, then fails with every problem if there is any. */
  static void report(Catalog catalog, Reporter reporter) {
    for (Problem w : catalog.warnings()) {
      reporter.warning(w.where(), w.message() + (w.hint().isEmpty() ? "" : "; " + w.hint()));
    }
    if (!catalog.problems().isEmpty()) {
      throw new InvalidInputException(catalog.problems());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the valid containers: name, arch, kind, version, tag and content key.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogOptions catalog = new CatalogOptions();

    @Option(names = "--arch", paramLabel = "ARCH", description = "Only this architecture (amd64, arm64).")
    String arch;

    @Option(names = "--json", description = "One JSON array, full keys, image and SIF names.")
    boolean json;

    @Override
    public Integer call() {
      Main main = Main.of(spec);
      Optional<Architecture> only = arch(arch);
      Catalog cat = catalog.load(main, LockSource.NONE);
      List<Container> containers = cat.containers(only);
      PrintWriter out = main.context().out();
      if (json) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        containers.forEach(c -> array.add(summary(c, cat)));
        out.print(toJson(array));
      } else {
        table(out, containers);
      }
      out.flush();
      report(cat, main.reporter());
      return 0;
    }

    private static void table(PrintWriter out, List<Container> containers) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "ARCH", "KIND", "VERSION", "TAG", "KEY"});
      for (Container c : containers) {
        rows.add(new String[] {c.name(), c.arch().id(), c.kind().id(), c.version().orElse("-"),
            c.tag().map(Object::toString).orElse("-"), c.key().substring(0, 12)});
      }
      int[] width = new int[6];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          sb.append(r[i]);
          if (i < r.length - 1) {
            sb.append(" ".repeat(width[i] - r[i].length() + 2));
          }
        }
        out.println(sb);
      }
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Check every definition and the site settings; report every problem with its file and"
          + " key path.", "Exit 2 if there is any problem; the valid containers are still listed."})
  static final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogOptions catalog = new CatalogOptions();

    @Override
    public Integer call() {
      Main main = Main.of(spec);
      Catalog cat = catalog.load(main, LockSource.NONE);
      PrintWriter out = main.context().out();
      for (Container c : cat.containers()) {
        out.println("ok: " + c.definition().displayPath() + " (" + c.name() + ", " + c.arch().id() + ", "
            + c.version().map(v -> "version " + v).orElse("no version yet") + ")");
      }
      out.println(cat.containers().size() + " valid container" + (cat.containers().size() == 1 ? "" : "s")
          + ", " + cat.problems().size() + " problem" + (cat.problems().size() == 1 ? "" : "s")
          + ", " + cat.warnings().size() + " warning" + (cat.warnings().size() == 1 ? "" : "s"));
      out.flush();
      report(cat, main.reporter());
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show one container as YAML: its version, tag and key, or its merged environments.")
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogOptions catalog = new CatalogOptions();

    @Parameters(paramLabel = "NAME", description = "The container's name.")
    String name;

    @Option(names = "--arch", paramLabel = "ARCH",
        description = "The architecture (needed when the container is defined for several).")
    String arch;

    @ArgGroup(exclusive = true)
    What what = new What();

    @Option(names = "--lock", paramLabel = "FILE",
        description = "This container's concretized spack.lock (for its version and key).")
    Path lock;

    static final class What {
      @Option(names = "--merged", description = "Both merged environments (cache population and container).")
      boolean merged;

      @Option(names = "--env", paramLabel = "cache|container",
          description = "One merged environment, as a spack.yaml.")
      String env;
    }

    @Override
    public Integer call() {
      Main main = Main.of(spec);
      Optional<Architecture> only = arch(arch);
      if (what.env != null && !what.env.equals("cache") && !what.env.equals("container")) {
        throw InvalidInputException.of("--env", "must be 'cache' or 'container', not '" + what.env + "'");
      }
      LockSource locks = LockSource.NONE;
      if (lock != null) {
        if (only.isEmpty()) {
          throw InvalidInputException.of("--lock", "a lock belongs to one architecture: give --arch too");
        }
        locks = LockSource.single(name, only.get(), main.context().resolve(lock));
      }
      Catalog cat = catalog.load(main, locks);
      Container c = pick(cat, only);
      JsonNode doc;
      if (what.merged || what.env != null) {
        if (c.cacheEnvironment().isEmpty()) {
          throw InvalidInputException.of(c.definition().displayPath(),
              "a custom container (.def) has no Spack environment to show");
        }
        if (what.env != null) {
          doc = what.env.equals("cache") ? c.cacheEnvironment().get() : c.containerEnvironment().get();
        } else {
          ObjectNode both = JsonNodeFactory.instance.objectNode();
          both.set("cache_environment", c.cacheEnvironment().get());
          both.set("container_environment", c.containerEnvironment().get());
          doc = both;
        }
      } else {
        doc = details(c, cat);
      }
      main.context().out().print(YamlWriter.write(doc));
      main.context().out().flush();
      for (Problem w : cat.warnings()) {
        if (w.where().startsWith(c.definition().displayPath())) {
          main.reporter().warning(w.where(), w.message() + "; " + w.hint());
        }
      }
      return 0;
    }

    private Container pick(Catalog cat, Optional<Architecture> only) {
      List<Container> matches = cat.named(name).stream()
          .filter(c -> only.isEmpty() || c.arch() == only.get()).toList();
      if (matches.size() == 1) {
        return matches.get(0);
      }
      if (matches.size() > 1) {
        throw InvalidInputException.of(name, "is defined for " + String.join(", ",
            matches.stream().map(c -> c.arch().id()).toList()), "pick one with --arch");
      }
      // Not valid or not there: say which, with the problems of its files if it has any.
      List<Problem> own = cat.problems().stream()
          .filter(p -> p.where().matches(".*/" + java.util.regex.Pattern.quote(name) + "(\\.yaml|\\.yml|\\.def|/spack\\.yaml)?([:/].*)?"))
          .toList();
      if (!own.isEmpty()) {
        throw new InvalidInputException(own);
      }
      throw InvalidInputException.of(name, "no such container" + only.map(a -> " for " + a.id()).orElse("")
          + " in the catalogue", "see 'spacktainers definitions list'");
    }
  }

  static ObjectNode summary(Container c, Catalog cat) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", c.name());
    n.put("arch", c.arch().id());
    n.put("kind", c.kind().id());
    n.put("file", c.definition().displayPath());
    putOptional(n, "version", c.version());
    n.put("version_source", c.versionSource().id());
    putOptional(n, "tag", c.tag().map(Object::toString));
    putOptional(n, "image", c.image(cat.settings().registry()));
    putOptional(n, "sif", cat.settings().sif().isPresent() ? c.sifName().map(Object::toString) : Optional.empty());
    n.put("key", c.key());
    return n;
  }

  static ObjectNode details(Container c, Catalog cat) {
    ObjectNode n = summary(c, cat);
    if (c.definition() instanceof SpackDefinition d) {
      d.firstSpec().ifPresent(s -> n.put("main_package", s.name()));
      d.description().ifPresent(x -> n.put("description", x));
      if (!d.files().isEmpty()) {
        ArrayNode files = n.putArray("files");
        for (FileCopy f : d.files()) {
          files.addObject().put("source", f.source()).put("target", f.target());
        }
      }
      if (!d.labels().isEmpty()) {
        ObjectNode labels = n.putObject("labels");
        new java.util.TreeMap<>(d.labels()).forEach(labels::put);
      }
      c.lock().ifPresent(l -> n.put("lock", l.source()));
    } else if (c.definition() instanceof CustomDefinition d) {
      n.put("bootstrap", d.bootstrap());
      n.put("from", d.from().canonical());
    }
    ObjectNode bases = JsonNodeFactory.instance.objectNode();
    cat.baseImages().stream().filter(b -> b.arch() == c.arch())
        .forEach(b -> bases.put(b.image().role().id(), b.key()));
    if (bases.size() > 0) {
      n.set("base_image_keys", bases);
    }
    return n;
  }

  private static void putOptional(ObjectNode n, String key, Optional<String> value) {
    if (value.isPresent()) {
      n.put(key, value.get());
    } else {
      n.putNull(key);
    }
  }

  static String toJson(JsonNode node) {
    try {
      return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
          .writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
