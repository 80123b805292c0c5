package spacktainers.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import spacktainers.spack.PackageManager;

/**
 * Builds what the templates see: for each stage, its base image and its steps already rendered for
 * the format (quoting is done here, never in templates, so a user template cannot get it wrong).
 */
final class RecipeModel {
  private final ContainerSection section;
  private final ImagePlan plan;
  private final MonitorOptions monitor;
  private final LastStage lastStage;
  private final String manifest;

  RecipeModel(ContainerSection section, ImagePlan plan, MonitorOptions monitor, LastStage lastStage, String manifest) {
    this.section = section;
    this.plan = plan;
    this.monitor = monitor;
    this.lastStage = lastStage;
    this.manifest = manifest;
  }

  Map<String, Object> docker() {
    Map<String, Object> scope = new LinkedHashMap<>();
    boolean secrets = monitor.needsCredentials() && lastStage != LastStage.BOOTSTRAP;
    if (secrets) {
      scope.put("header", String.join("\n", List.of(
          "# syntax=docker/dockerfile:1",
          "# The install step reads the Spack Monitor credentials from BuildKit secrets, so they never",
          "# enter a layer, the image config or the build history. Build with:",
          "#   export SPACKMON_USER=... SPACKMON_TOKEN=...",
          "#   DOCKER_BUILDKIT=1 docker build --secret id=st,env=SPACKMON_TOKEN --secret id=su,env=SPACKMON_USER -t IMAGE .",
          "# (add --network=host to reach a monitor server on the build host's localhost)")));
    }
    plan.bootstrap().ifPresent(b -> {
      Map<String, Object> stage = new LinkedHashMap<>();
      stage.put("baseImage", b.baseImage());
      stage.put("ref", b.ref());
      stage.put("url", b.url());
      stage.put("prerequisites", ShellCommand.dockerRun(List.of(),
          Steps.osPackages(b.manager(), true, b.manager().bootstrapPackages())));
      stage.put("checkout", ShellCommand.dockerRun(List.of(), Steps.checkout(b.url(), b.ref())));
      scope.put("bootstrap", stage);
    });
    if (lastStage == LastStage.BOOTSTRAP) {
      return scope;
    }
    Map<String, Object> build = new LinkedHashMap<>();
    build.put("from", plan.bootstrap().isPresent() ? "bootstrap" : plan.buildImage());
    build.put("spack", describeSpack());
    if (plan.bootstrap().isEmpty() && plan.spackInOpt()) {
      build.put("spackPath", true);
    }
    buildPackages().ifPresent(cmds -> build.put("osPackages", ShellCommand.dockerRun(List.of(), cmds)));
    build.put("manifest", ShellCommand.dockerRun(List.of(), Steps.manifest(manifest)));
    List<String> mounts = monitor.needsCredentials()
        ? List.of("--mount=type=secret,id=su", "--mount=type=secret,id=st") : List.of();
    build.put("install", ShellCommand.dockerRun(mounts,
        Steps.install(monitor, plan, section.depfile(), monitor.needsCredentials())));
    if (monitor.enabled()) {
      build.put("monitor", monitorDescription());
    }
    if (section.strip()) {
      build.put("strip", ShellCommand.dockerRun(List.of(), Steps.strip()));
    }
    build.put("activation", ShellCommand.dockerRun(List.of(), Steps.activation(true)));
    section.extraBuild().ifPresent(e -> build.put("extra", e.stripTrailing()));
    scope.put("build", build);
    if (lastStage == LastStage.BUILD) {
      return scope;
    }
    Map<String, Object> fin = new LinkedHashMap<>();
    fin.put("from", plan.finalImage());
    finalPackages().ifPresent(cmds -> fin.put("osPackages", ShellCommand.dockerRun(List.of(), cmds)));
    section.extraFinal().ifPresent(e -> fin.put("extra", e.stripTrailing()));
    List<String> labels = new ArrayList<>();
    for (ContainerSection.Label l : section.labels()) {
      labels.add("LABEL " + dockerQuote(l.key()) + "=" + dockerQuote(l.value()));
    }
    if (!labels.isEmpty()) {
      fin.put("labels", String.join("\n", labels));
    }
    fin.put("cmd", "[\"" + plan.shell() + "\"]");
    scope.put("final", fin);
    return scope;
  }

  Map<String, Object> singularity() {
    Map<String, Object> scope = new LinkedHashMap<>();
    List<ShellCommand> bootstrap = new ArrayList<>();
    plan.bootstrap().ifPresent(b -> {
      bootstrap.addAll(Steps.osPackages(b.manager(), true, b.manager().bootstrapPackages()));
      bootstrap.add(ShellCommand.of("export SPACK_ROOT=" + Steps.SPACK_ROOT));
      bootstrap.addAll(Steps.checkout(b.url(), b.ref()));
    });
    if (lastStage == LastStage.BOOTSTRAP) {
      Map<String, Object> stage = new LinkedHashMap<>();
      stage.put("from", plan.bootstrap().orElseThrow().baseImage());
      stage.put("post", post(concat(List.of(ShellCommand.of("set -e"),
          ShellCommand.of("export PATH=" + Steps.SPACK_ROOT + "/bin:$PATH")), bootstrap)).stripTrailing());
      scope.put("bootstrap", stage);
      return scope;
    }
    Map<String, Object> build = new LinkedHashMap<>();
    build.put("from", plan.bootstrap().map(ImagePlan.Bootstrap::baseImage).orElse(plan.buildImage()));
    build.put("spack", describeSpack());
    boolean secrets = monitor.needsCredentials();
    if (secrets) {
      build.put("files", "  " + monitor.secretsFile() + " " + Steps.SECRETS_IN_IMAGE);
    }
    List<String> post = new ArrayList<>();
    post.add(ShellCommand.scriptLines(List.of(ShellCommand.of("set -e")), "  "));
    if (secrets) {
      post.add("  # Spack Monitor credentials: read from the file %files copied in, then removed at once\n"
          + "  # (and on any exit); the build stage is discarded after %files from build anyway.\n"
          + ShellCommand.scriptLines(Steps.singularitySecrets(), "  "));
    }
    if (plan.spackInOpt()) {
      post.add(ShellCommand.scriptLines(List.of(ShellCommand.of("export PATH=" + Steps.SPACK_ROOT + "/bin:$PATH")), "  "));
    }
    if (!bootstrap.isEmpty()) {
      post.add("  # Spack " + plan.bootstrap().get().ref() + " from git: no prebuilt Spack image fits\n"
          + ShellCommand.scriptLines(bootstrap, "  "));
    }
    buildPackages().ifPresent(cmds -> post.add("  # OS packages needed to build the software\n"
        + ShellCommand.scriptLines(cmds, "  ")));
    post.add("  # The environment: the spack.yaml below, byte for byte\n"
        + ShellCommand.scriptLines(Steps.manifest(manifest), "  "));
    post.add("  # Install the software" + (monitor.enabled() ? ", " + monitorDescription() : "") + "\n"
        + ShellCommand.scriptLines(Steps.install(monitor, plan, section.depfile(), false), "  "));
    if (section.strip()) {
      post.add("  # Strip executables and shared libraries (not static archives)\n"
          + ShellCommand.scriptLines(Steps.strip(), "  "));
    }
    post.add("  # The activation script, sourced by %environment in the final image\n"
        + ShellCommand.scriptLines(Steps.activation(false), "  "));
    section.extraBuild().ifPresent(e -> post.add(e.endsWith("\n") ? e : e + "\n"));
    build.put("post", String.join("\n", post).stripTrailing());
    scope.put("build", build);
    if (lastStage == LastStage.BUILD) {
      return scope;
    }
    Map<String, Object> fin = new LinkedHashMap<>();
    fin.put("from", plan.finalImage());
    List<String> finalPost = new ArrayList<>();
    finalPackages().ifPresent(cmds -> finalPost.add("  set -e\n  # OS packages needed at run time\n"
        + ShellCommand.scriptLines(cmds, "  ")));
    section.extraFinal().ifPresent(e -> finalPost.add(e.endsWith("\n") ? e : e + "\n"));
    if (!finalPost.isEmpty()) {
      fin.put("post", String.join("\n", finalPost).stripTrailing());
    }
    fin.put("environment", "  . " + Steps.ENV_DIR + "/activate.sh");
    ContainerSection.Singularity s = section.singularity();
    s.runscript().ifPresent(v -> fin.put("runscript", v.stripTrailing()));
    s.startscript().ifPresent(v -> fin.put("startscript", v.stripTrailing()));
    s.test().ifPresent(v -> fin.put("test", v.stripTrailing()));
    s.help().ifPresent(v -> fin.put("help", v.stripTrailing()));
    List<String> labels = new ArrayList<>();
    for (ContainerSection.Label l : section.labels()) {
      labels.add("  " + l.key() + " " + l.value());
    }
    if (!labels.isEmpty()) {
      fin.put("labels", String.join("\n", labels));
    }
    scope.put("final", fin);
    return scope;
  }

  private Optional<List<ShellCommand>> buildPackages() {
    return packages(section.osPackages().build());
  }

  private Optional<List<ShellCommand>> finalPackages() {
    return packages(section.osPackages().finalStage());
  }

  private Optional<List<ShellCommand>> packages(List<String> names) {
    if (names.isEmpty()) {
      return Optional.empty();
    }
    PackageManager m = plan.manager().orElseThrow();
    return Optional.of(Steps.osPackages(m, section.osPackages().update(), names));
  }

  private String describeSpack() {
    if (plan.spackVersion().isPresent()) {
      return "Spack " + plan.spackVersion().get();
    }
    if (plan.bootstrap().isPresent()) {
      return "Spack " + plan.bootstrap().get().ref();
    }
    return plan.spackInOpt() ? "Spack develop" : "the Spack of " + plan.buildImage();
  }

  private String monitorDescription() {
    if (monitor.saveLocal()) {
      return "recording Spack Monitor results in " + MonitorOptions.SAVE_LOCAL_DIR;
    }
    return "reporting to the Spack Monitor at " + monitor.serviceInfoUrl();
  }

  private static List<ShellCommand> concat(List<ShellCommand> a, List<ShellCommand> b) {
    List<ShellCommand> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String post(List<ShellCommand> commands) {
    return ShellCommand.scriptLines(commands, "  ");
  }

  /**
   * A double-quoted Dockerfile word. Docker's parser treats backslash, {@code "} and {@code $}
   * specially inside double quotes (LABEL values undergo variable substitution), so those three are
   * escaped with a backslash; everything else is literal.
   */
  static String dockerQuote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"' || c == '$') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
