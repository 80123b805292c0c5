package spacktainers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;
import spacktainers.testing.RealComponents;

class ContainerizeCommandTest {
  private static final String TOKEN = "tok-3c1f9a7e5d";

  @TempDir Path dir;

  private void env(String yaml) throws IOException {
    Files.writeString(dir.resolve("spack.yaml"), yaml);
  }

  @Test
  void outputFileIsTheSameRecipeAndIsNotTouchedOnError() throws IOException {
    env("spack:\n  specs: [zlib]\n");
    Cli.Result stdout = Cli.in(dir).run("containerize");
    Cli.Result file = Cli.in(dir).run("containerize", "-o", "out/Dockerfile");
    assertEquals(0, file.exitCode(), file.toString());
    assertTrue(file.out().isEmpty(), file.toString());
    assertEquals(stdout.out(), Files.readString(dir.resolve("out/Dockerfile")));

    env("spack:\n  container:\n    format: podman\n");
    Cli.Result bad = Cli.in(dir).run("containerize", "-o", "out/Dockerfile");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertEquals(stdout.out(), Files.readString(dir.resolve("out/Dockerfile")), "old content kept");
    try (var files = Files.list(dir.resolve("out"))) {
      assertEquals(List.of("Dockerfile"), files.map(p -> p.getFileName().toString()).toList(), "no temp files left");
    }
  }

  @Test
  void credentialsOnlyThroughSecretMounts() throws IOException {
    env("spack:\n  specs: [zlib]\n");
    Cli.Result r = Cli.in(dir).env("SPACKMON_TOKEN", TOKEN).env("SPACKMON_USER", "alice")
        .run("containerize", "--monitor", "--monitor-tags", "a,b");
    assertEquals(0, r.exitCode(), r.toString());
    assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), "the token never appears");
    assertTrue(r.out().startsWith("# syntax=docker/dockerfile:1\n"), r.out());
    assertTrue(r.out().contains("DOCKER_BUILDKIT=1 docker build --secret id=st,env=SPACKMON_TOKEN "
        + "--secret id=su,env=SPACKMON_USER"), r.out());
    for (String line : r.out().split("\n")) {
      if (line.startsWith("ENV ") || line.startsWith("ARG ") || line.startsWith("LABEL ")) {
        assertFalse(line.contains("SPACKMON"), "no credentials in " + line);
      }
    }
    assertTrue(r.out().contains("--fail-fast \\\n && find /opt/software -path '*/.spack/spack-build-env*' -type f "
        + "-exec sed -i '/SPACKMON_/d' '{}' + \\\n"), "Spack's build-env dumps are scrubbed in the same step: "
        + r.out());
    long mounts = r.out().lines().filter(l -> l.contains("--mount=type=secret")).count();
    assertEquals(1, mounts, "exactly one step sees the secrets");
    assertTrue(r.out().contains("RUN --mount=type=secret,id=su --mount=type=secret,id=st \\\n"), r.out());

    Cli.Result noAuth = Cli.in(dir).run("containerize", "--monitor", "--monitor-disable-auth");
    assertEquals(0, noAuth.exitCode(), noAuth.toString());
    assertFalse(noAuth.out().contains("--mount=type=secret") || noAuth.out().contains("SPACKMON_")
        || noAuth.out().contains("# syntax="), noAuth.out());
    assertTrue(noAuth.out().contains("--monitor-no-auth"), noAuth.out());
  }

  /** The generated Singularity %post really removes the secrets file, also when the build fails. */
  @Test
  void singularitySecretsAreSourcedAndRemovedOnEveryExit() throws Exception {
    env("spack:\n  specs: [zlib]\n  container:\n    format: singularity\n");
    Cli.Result r = Cli.in(dir).run("containerize", "--monitor");
    assertEquals(0, r.exitCode(), r.toString());
    String def = r.out();
    assertTrue(def.contains("%files\n  secrets.sh /opt/spackmon-secrets.sh\n"), def);
    int from = def.indexOf("  case $- in");
    int to = def.indexOf("then set -x; fi", from);
    String snippet = def.substring(from, def.indexOf('\n', to) + 1);
    Path secrets = dir.resolve("secrets.sh");
    String script = snippet.replace("/opt/spackmon-secrets.sh", secrets.toString());

    Files.writeString(secrets, "SPACKMON_USER=alice\nSPACKMON_TOKEN=" + TOKEN + "\n");
    ShResult ok = sh("set -e\n" + script + "sh -c 'printf %s \"$SPACKMON_USER:$SPACKMON_TOKEN\"'\n");
    assertEquals(0, ok.code, ok.out);
    assertEquals("alice:" + TOKEN, ok.out);
    assertFalse(Files.exists(secrets), "removed after sourcing");

    // Singularity runs %post with -x: the trace must not show the exports or the checks' values,
    // and tracing is back on afterwards.
    Files.writeString(secrets, "export SPACKMON_USER=alice\nexport SPACKMON_TOKEN=" + TOKEN + "\n");
    ShResult traced = sh("set -ex\n" + script + "sh -c 'test -n \"$SPACKMON_TOKEN\"'\necho done\n");
    assertEquals(0, traced.code, traced.out);
    assertFalse(traced.out.contains(TOKEN) || traced.out.contains("alice"), traced.out);
    assertTrue(traced.out.contains("+ echo done"), "xtrace restored: " + traced.out);
    assertFalse(Files.exists(secrets), "removed after sourcing");

    Files.writeString(secrets, "SPACKMON_USER=alice\n");
    ShResult missing = sh("set -e\n" + script + "echo unreachable\n");
    assertTrue(missing.code != 0 && missing.out.contains("must export SPACKMON_TOKEN"), missing.out);
    assertFalse(Files.exists(secrets), "removed when the file is incomplete");

    Files.writeString(secrets, "SPACKMON_USER=alice\nSPACKMON_TOKEN=x\nfalse\n");
    ShResult failing = sh("set -e\n" + script);
    assertTrue(failing.code != 0, failing.out);
    assertFalse(Files.exists(secrets), "removed when sourcing fails");
  }

  @Test
  void resolveShaAndVerifyUseTheRemote() throws Exception {
    Path git = RealComponents.requireExecutable("git");
    Path repo = dir.resolve("spack-fork");
    Files.createDirectories(repo);
    run(repo, git.toString(), "init", "--quiet", "-b", "develop");
    run(repo, git.toString(), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet",
        "--allow-empty", "-m", "one");
    run(repo, git.toString(), "tag", "-a", "-m", "release", "v0.18.1");
    String sha = run(repo, git.toString(), "rev-parse", "HEAD").strip();
    String url = repo.toUri().toString();
    env("spack:\n  specs: [zlib]\n  container:\n    images:\n      os: ubuntu:22.04\n      spack:\n"
        + "        url: " + url + "\n        ref: v0.18.1\n        resolve_sha: true\n");
    Cli.Result r = Cli.in(dir).run("containerize", "--monitor");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("git fetch --quiet --depth=1 origin " + sha), r.out());
    assertTrue(r.out().contains("concretization: together"), "v0.18.1 was recognised: " + r.out());

    env("spack:\n  specs: [zlib]\n  container:\n    images:\n      os: ubuntu:22.04\n      spack:\n"
        + "        url: " + url + "\n        ref: no-such-branch\n        verify: true\n");
    Cli.Result bad = Cli.in(dir).run("containerize");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().startsWith("error: spack.yaml:8:9: container.images.spack.ref: 'no-such-branch' is not "
        + "a branch or tag of " + url), bad.toString());
  }

  @Test
  void listOsNeedsNoSpackYaml() {
    Cli.Result r = Cli.in(dir).run("containerize", "--list-os");
    assertEquals(0, r.exitCode(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("OS "), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("ubuntu:22.04 ") && l.contains("spack/ubuntu-jammy")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("alpine:3 ") && l.contains("(bootstrap)")), r.out());
  }

  @Test
  void inputMayBeAFolderOrAFile() throws IOException {
    Path envDir = dir.resolve("envs/app");
    Files.createDirectories(envDir);
    Files.writeString(envDir.resolve("spack.yaml"), "spack:\n  container:\n    format: nope\n");
    Cli.Result r = Cli.in(dir).run("containerize", "envs/app");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: envs/app/spack.yaml:3:5: container.format:"), r.toString());
    Cli.Result missing = Cli.in(dir).run("containerize", "envs/none");
    assertEquals("error: envs/none: no such file or folder\n", missing.err());
  }

  @Test
  void outputNeverReplacesTheEnvironmentItReads() throws IOException {
    String yaml = "spack:\n  specs: [zlib]\n";
    env(yaml);
    Cli.Result r = Cli.in(dir).run("containerize", "-o", "./spack.yaml");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("error: --output: spack.yaml is the environment being read; writing the recipe there would "
        + "replace it\nhint: name another file, e.g. -o Dockerfile\n", r.err());
    assertEquals(yaml, Files.readString(dir.resolve("spack.yaml")));
  }

  private record ShResult(int code, String out) {}

  private ShResult sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return new ShResult(p.exitValue(), out);
  }

  private static String run(Path cwd, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    return out;
  }
}
