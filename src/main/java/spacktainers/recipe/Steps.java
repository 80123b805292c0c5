package spacktainers.recipe;

import java.util.ArrayList;
import java.util.List;
import spacktainers.spack.ContainerManifest;
import spacktainers.spack.PackageManager;

/** The shell commands of each recipe step, shared by the Docker and Singularity formats. */
final class Steps {
  static final String SPACK_ROOT = "/opt/spack";
  static final String ENV_DIR = ContainerManifest.ENVIRONMENT_DIR;
  static final String SECRETS_IN_IMAGE = "/opt/spackmon-secrets.sh";

  private Steps() {}

  /** Refresh the index (unless {@code update: false}), install, clean up, in one step. */
  static List<ShellCommand> osPackages(PackageManager m, boolean update, List<String> packages) {
    List<ShellCommand> out = new ArrayList<>();
    if (!m.env().isEmpty()) {
      out.add(ShellCommand.of("export " + String.join(" ", m.env())));
    }
    if (update) {
      out.add(ShellCommand.of(m.update()));
    }
    out.add(ShellCommand.of(m.install() + " " + Shell.quoteAll(packages)));
    if (!m.clean().isBlank()) {
      out.add(ShellCommand.of(m.clean()));
    }
    return out;
  }

  /** A shallow checkout of one ref: works for branches, tags and (on GitHub) commit shas alike. */
  static List<ShellCommand> checkout(String url, String ref) {
    return List.of(
        ShellCommand.of("mkdir -p " + SPACK_ROOT),
        ShellCommand.of("cd " + SPACK_ROOT),
        ShellCommand.of("git init --quiet"),
        ShellCommand.of("git remote add origin " + Shell.quote(url)),
        ShellCommand.of("git fetch --quiet --depth=1 origin " + Shell.quote(ref)),
        ShellCommand.of("git checkout --quiet --detach FETCH_HEAD"),
        ShellCommand.of("spack --version"));
  }

  static List<ShellCommand> manifest(String manifest) {
    return List.of(
        ShellCommand.of("mkdir -p " + ENV_DIR),
        ManifestEmbedding.printfCommand(manifest, ENV_DIR + "/spack.yaml"));
  }

  /**
   * Installs the environment. With a monitor that needs credentials, {@code exportCredentials}
   * reads them from the BuildKit secret files into this one step's environment.
   */
  static List<ShellCommand> install(MonitorOptions monitor, ImagePlan plan, boolean depfile,
      boolean credentialsFromSecretMounts) {
    List<ShellCommand> out = new ArrayList<>();
    out.add(ShellCommand.of("cd " + ENV_DIR));
    if (credentialsFromSecretMounts) {
      // $(cat) in a plain assignment keeps cat's exit status, so a missing secret stops the build.
      out.add(ShellCommand.of("SPACKMON_USER=\"$(cat /run/secrets/su)\""));
      out.add(ShellCommand.of("SPACKMON_TOKEN=\"$(cat /run/secrets/st)\""));
      out.add(ShellCommand.of("export SPACKMON_USER SPACKMON_TOKEN"));
    }
    if (depfile) {
      out.add(ShellCommand.of("spack -e . concretize"));
      out.add(ShellCommand.of("spack -e . env depfile -o Makefile"));
      out.add(ShellCommand.of("make -j\"$(nproc)\""));
    } else {
      out.add(ShellCommand.of("spack -e . install " + monitorFlags(monitor, plan) + "--fail-fast"));
    }
    if (monitor.needsCredentials()) {
      // Spack dumps the whole build environment, SPACKMON_TOKEN included, into every installed
      // prefix (.spack/spack-build-env.txt), which the final stage copies. Scrub it in this same
      // step, so no layer ever holds it.
      out.add(ShellCommand.of("find " + ContainerManifest.STORE + " -path '*/.spack/spack-build-env*' -type f "
          + "-exec sed -i '/SPACKMON_/d' '{}' +"));
    }
    if (monitor.enabled() && monitor.saveLocal()) {
      // Spack 0.17/0.18 save under the user cache path; keep them where the final stage copies from.
      out.add(ShellCommand.of("results=\"${SPACK_USER_CACHE_PATH:-$HOME/.spack}/reports/monitor\""));
      out.add(ShellCommand.of("mkdir -p " + MonitorOptions.SAVE_LOCAL_DIR));
      out.add(ShellCommand.of("{ [ ! -d \"$results\" ] || cp -R \"$results/.\" " + MonitorOptions.SAVE_LOCAL_DIR
          + "/; }"));
    }
    out.add(ShellCommand.of("spack -e . gc -y"));
    return out;
  }

  /** {@code --monitor ...} flags for {@code spack install}, every value shell-quoted. */
  static String monitorFlags(MonitorOptions m, ImagePlan plan) {
    if (!m.enabled()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("--monitor ");
    if (m.saveLocal()) {
      sb.append("--monitor-save-local ");
    } else if (m.disableAuth()) {
      sb.append(plan.dialect().monitorNoAuthFlag()).append(' ');
    }
    sb.append("--monitor-prefix ").append(Shell.quote(m.prefix())).append(' ');
    if (!m.tags().isEmpty()) {
      sb.append("--monitor-tags ").append(Shell.quote(String.join(",", m.tags()))).append(' ');
    }
    if (m.keepGoing()) {
      sb.append("--monitor-keep-going ");
    }
    sb.append("--monitor-host ").append(Shell.quote(m.host())).append(' ');
    return sb.toString();
  }

  /**
   * Strips executables and shared libraries reached from the view. Static archives are left alone:
   * stripping them makes them useless for linking (spack/spack#18030). Names go through NUL
   * separators, so paths with spaces survive.
   */
  static List<ShellCommand> strip() {
    return List.of(new ShellCommand(List.of(
        "find -L " + ContainerManifest.VIEW + "/ -type f -exec readlink -f '{}' +",
        "| sort -u",
        "| tr '\\n' '\\0'",
        "| xargs -0 -r file -N --mime-type",
        "| sed -n -E 's/: *application\\/x-(pie-executable|executable|sharedlib)$//p'",
        "| tr '\\n' '\\0'",
        "| xargs -0 -r strip --strip-unneeded")));
  }

  /** The activation script and an entrypoint that sources it (POSIX sh, so it works on Alpine too). */
  static List<ShellCommand> activation(boolean entrypoint) {
    List<ShellCommand> out = new ArrayList<>();
    out.add(ShellCommand.of("cd " + ENV_DIR));
    out.add(ShellCommand.of("spack env activate --sh -d . > activate.sh"));
    if (entrypoint) {
      out.add(ManifestEmbedding.printfCommand("#!/bin/sh\n. " + ENV_DIR + "/activate.sh\nexec \"$@\"\n",
          "/entrypoint.sh"));
      out.add(ShellCommand.of("chmod 0755 /entrypoint.sh"));
    }
    return out;
  }

  /** Singularity: source the secrets file and make sure it is gone however %post ends. */
  static List<ShellCommand> singularitySecrets() {
    String f = SECRETS_IN_IMAGE;
    // Singularity runs %post with xtrace (-x): the sourced exports and the checks below would print
    // the credentials into the build log. Tracing is off while they are handled, then restored.
    return List.of(
        ShellCommand.of("case $- in *x*) spackmon_xtrace=1 ;; *) spackmon_xtrace= ;; esac"),
        ShellCommand.of("set +x"),
        ShellCommand.of("trap 'rm -f " + f + "' EXIT"),
        ShellCommand.of("trap 'rm -f " + f + "; exit 1' HUP INT TERM"),
        ShellCommand.of(". " + f),
        ShellCommand.of("rm -f " + f),
        ShellCommand.of(": \"${SPACKMON_USER:?the monitor secrets file must export SPACKMON_USER}\""),
        ShellCommand.of(": \"${SPACKMON_TOKEN:?the monitor secrets file must export SPACKMON_TOKEN}\""),
        ShellCommand.of("export SPACKMON_USER SPACKMON_TOKEN"),
        ShellCommand.of("if [ -n \"$spackmon_xtrace\" ]; then set -x; fi"));
  }
}
