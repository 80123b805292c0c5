package spacktainers.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import spacktainers.common.OperationFailedException;
import spacktainers.common.Problems;
import spacktainers.registry.ImageProbe;
import spacktainers.registry.ImageRef;
import spacktainers.registry.Platform;
import spacktainers.registry.ProbeResult;
import spacktainers.registry.RegistryProbe;
import spacktainers.registry.RegistrySession;

/** {@code spacktainers image inspect}: is the image there for this platform, and with which labels? */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Probe a registry: for each REF, is there an image for the platform, and with which labels?",
        "Never answers with another platform's image. Exit 0 when all are present, 1 when any is missing."})
public final class ImageInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "REF", description = "Image references ([HOST[:PORT]/]NAME[:TAG|@DIGEST]).")
  List<String> refs;

  @Option(names = {"--arch", "--platform"}, paramLabel = "PLATFORM", defaultValue = "linux/amd64",
      description = "ARCH, OS/ARCH or OS/ARCH/VARIANT (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(names = "--json", description = "Print a JSON array instead of text.")
  boolean json;

  @Mixin RegistryOptions registry = new RegistryOptions();

  @Override
  public Integer call() throws Exception {
    Main main = Main.of(spec);
    CliContext context = main.context();
    Platform wanted = Platform.parse(platform, "--arch");
    Problems problems = new Problems();
    List<ImageProbe.Request> requests = new ArrayList<>();
    for (String r : refs) {
      ImageRef ref = ImageCommand.ref(problems, r, "REF");
      if (ref != null) {
        requests.add(new ImageProbe.Request(ref, wanted));
      }
    }
    problems.throwIfAny();
    List<ProbeResult> results;
    try (RegistrySession session = new RegistrySession(registry.settings(main), context.env(), main.reporter())) {
      results = new RegistryProbe(session).probeAll(requests);
    }
    PrintWriter out = context.out();
    if (json) {
      out.println(toJson(results));
    } else {
      results.forEach(r -> printText(out, r));
    }
    out.flush();
    List<ProbeResult.Missing> missing = results.stream()
        .filter(ProbeResult.Missing.class::isInstance).map(ProbeResult.Missing.class::cast).toList();
    if (!missing.isEmpty()) {
      ProbeResult.Missing first = missing.get(0);
      throw new OperationFailedException(first.ref().toString(), "no image for " + first.platform() + ": "
          + first.reason() + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more missing)" : ""));
    }
    return 0;
  }

  private static void printText(PrintWriter out, ProbeResult result) {
    if (result instanceof ProbeResult.Present p) {
      out.println(p.ref() + " " + p.platform() + " present " + p.digest());
      p.labels().forEach((k, v) -> out.println("  label " + k + "=" + v));
    } else {
      ProbeResult.Missing m = (ProbeResult.Missing) result;
      out.println(m.ref() + " " + m.platform() + " missing: " + m.reason());
    }
  }

  static String toJson(List<ProbeResult> results) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (ProbeResult r : results) {
      ObjectNode o = array.addObject();
      o.put("reference", r.ref().toString());
      o.put("platform", r.platform().toString());
      if (r instanceof ProbeResult.Present p) {
        o.put("present", true);
        o.put("digest", p.digest());
        ObjectNode labels = o.putObject("labels");
        p.labels().forEach(labels::put);
      } else {
        o.put("present", false);
        o.put("reason", ((ProbeResult.Missing) r).reason());
      }
    }
    return mapper.writeValueAsString(array);
  }
}
