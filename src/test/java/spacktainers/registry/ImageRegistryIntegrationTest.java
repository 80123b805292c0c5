package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spacktainers.registry.ImageTestSupport.JSON;
import static spacktainers.registry.ImageTestSupport.config;
import static spacktainers.registry.ImageTestSupport.digestOf;
import static spacktainers.registry.ImageTestSupport.layers;
import static spacktainers.registry.ImageTestSupport.skopeo;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import spacktainers.testing.Cli;
import spacktainers.testing.LocalRegistry;
import spacktainers.testing.PulledImage;
import spacktainers.testing.TestImages;

/** image inspect / assemble / manifest / export against a real docker-registry on 127.0.0.1. */
class ImageRegistryIntegrationTest {
  @RegisterExtension static final LocalRegistry registry = LocalRegistry.plain();
  @TempDir static Path shared;
  static String base;
  static Path tree;

  @TempDir Path tmp;

  @BeforeAll
  static void pushBase() throws Exception {
    base = TestImages.busybox().pushTo(registry, "base/busybox:1");
    tree = ImageTestSupport.spackTree(shared.resolve("tree"));
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--insecure-registry");
    all.add(registry.hostPort());
    return Cli.in(tmp).env("PATH", "/nonexistent").run(all.toArray(String[]::new));
  }

  private Cli.Result assemble(String target, String... extra) {
    List<String> args = new ArrayList<>(List.of("image", "assemble", "--from", base,
        "--layer", tree.resolve("store") + ":/opt/spack/store",
        "--layer", tree.resolve("view") + ":/opt/view",
        "--label", "org.opencontainers.image.title=hello", "--content-key", "sha256:feedbeef",
        "--env", "PATH=/opt/view/bin:/usr/bin:/bin", "--entrypoint", "[\"/opt/view/bin/hello\"]",
        "--workdir", "/opt/view", "--to", target));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void assemblePushesAnImageWithLinksModesOwnerAndConfig() throws Exception {
    Cli.Result r = assemble("registry://" + registry.image("app/hello:1"), "--owner", "1000:100");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().strip().endsWith(registry.image("app/hello:1")), r.out());

    try (PulledImage image = PulledImage.pull(registry.image("app/hello:1"), null)) {
      JsonNode manifest = JSON.readTree(image.manifest());
      assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.get("mediaType").asText());
      assertEquals(3, manifest.get("layers").size(), "base layer + 2 new ones");
      JsonNode config = config(image);
      assertEquals("hello", config.at("/config/Labels/org.opencontainers.image.title").asText());
      assertEquals("sha256:feedbeef", config.at("/config/Labels/io.github.spacktainers.content-key").asText());
      assertEquals("[\"/opt/view/bin/hello\"]", config.at("/config/Entrypoint").toString());
      assertTrue(config.at("/config/Cmd").isMissingNode(), "entrypoint replaced the base's /bin/sh command");
      assertEquals("/opt/view", config.at("/config/WorkingDir").asText());
      assertEquals("PATH=/opt/view/bin:/usr/bin:/bin", config.at("/config/Env/0").asText());
      assertEquals("amd64", config.get("architecture").asText());
      assertEquals(3, config.at("/rootfs/diff_ids").size());

      List<Map<String, TarArchiveEntry>> layers = layers(image);
      TarArchiveEntry hello = layers.get(1).get("opt/spack/store/linux-x86_64/hello-1.0-abcdef/bin/hello");
      assertEquals(0750, hello.getMode() & 07777);
      assertEquals(1000, hello.getLongUserId());
      assertEquals(100, hello.getLongGroupId());
      assertTrue(layers.get(1).get("opt/spack/store/linux-x86_64/hello-1.0-abcdef/bin/hello-again").isLink());
      TarArchiveEntry link = layers.get(2).get("opt/view/bin/hello");
      assertTrue(link.isSymbolicLink(), "the view's symlink is a symlink in the image");
      assertEquals("/opt/spack/store/linux-x86_64/hello-1.0-abcdef/bin/hello", link.getLinkName());

      Path rootfs = image.extractLayers();
      assertTrue(Files.isSymbolicLink(rootfs.resolve("opt/view/bin/hello")));
      assertTrue(Files.isExecutable(rootfs.resolve("bin/busybox")), "the base's files are there");
    }
  }

  @Test
  void layersOfSeveralGzipMembersAreReadByOtherTools() throws Exception {
    Path big = Files.createDirectories(tmp.resolve("big"));
    byte[] data = new byte[ParallelGzipOutputStream.CHUNK * 2 + 777];
    new java.util.Random(7).nextBytes(data);
    Files.write(big.resolve("blob.bin"), data);
    Path tar = tmp.resolve("big.tar");
    Cli.Result r = run("image", "assemble", "--from", "scratch", "--layer", big + ":/data",
        "--to", "registry://" + registry.image("app/big:1"));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(0, run("image", "export", registry.image("app/big:1"), "-o", tar.toString()).exitCode());
    skopeo("inspect", "docker-archive:" + tar).ok();
    try (PulledImage image = PulledImage.pull(registry.image("app/big:1"), null)) {
      Path rootfs = image.extractLayers(); // GNU tar through gzip
      assertArrayEquals(data, Files.readAllBytes(rootfs.resolve("data/blob.bin")));
    }
  }

  @Test
  void inspectAnswersPresentWithLabelsMissingAndWrongArchitecture() throws Exception {
    assertEquals(0, assemble("registry://" + registry.image("app/probe:1")).exitCode());

    Cli.Result present = run("image", "inspect", registry.image("app/probe:1"), "--json");
    assertEquals(0, present.exitCode(), present.toString());
    JsonNode p = JSON.readTree(present.out()).get(0);
    assertTrue(p.get("present").asBoolean());
    assertEquals("sha256:feedbeef", p.at("/labels/io.github.spacktainers.content-key").asText());
    assertTrue(p.get("digest").asText().startsWith("sha256:"));

    Cli.Result text = run("image", "inspect", registry.image("app/probe:1"));
    assertTrue(text.out().contains("present " + p.get("digest").asText()), text.out());
    assertTrue(text.out().contains("  label org.opencontainers.image.title=hello"), text.out());

    Cli.Result missingTag = run("image", "inspect", registry.image("app/probe:2"), "--json");
    assertEquals(1, missingTag.exitCode(), missingTag.toString());
    assertFalse(JSON.readTree(missingTag.out()).get(0).get("present").asBoolean());
    assertTrue(missingTag.err().startsWith("error: " + registry.image("app/probe:2")), missingTag.err());

    Cli.Result missingRepo = run("image", "inspect", registry.image("nothing/here:1"));
    assertEquals(1, missingRepo.exitCode());
    assertTrue(missingRepo.out().contains("missing: no such image"), missingRepo.out());

    Cli.Result wrongArch = run("image", "inspect", registry.image("app/probe:1"), "--arch", "arm64", "--json");
    assertEquals(1, wrongArch.exitCode());
    JsonNode w = JSON.readTree(wrongArch.out()).get(0);
    assertFalse(w.get("present").asBoolean(), "an amd64 image never answers for arm64");
    assertEquals("linux/arm64", w.get("platform").asText());
    assertTrue(w.get("reason").asText().contains("linux/amd64"), w.toString());
  }

  @Test
  void manyProbesRunConcurrentlyAndKeepTheirOrder() throws Exception {
    assertEquals(0, assemble("registry://" + registry.image("app/many:present")).exitCode());
    List<String> args = new ArrayList<>(List.of("image", "inspect", "--json", "--jobs", "8"));
    for (int i = 0; i < 30; i++) {
      // absent tags of a known repository and tags of unknown repositories (each authenticates on its own)
      args.add(registry.image(i % 3 == 0 ? "app/many:present" : i % 3 == 1 ? "app/many:absent-" + i : "gone-" + i + "/x:absent-" + i));
    }
    Cli.Result r = run(args.toArray(String[]::new));
    assertEquals(1, r.exitCode());
    JsonNode results = JSON.readTree(r.out());
    assertEquals(30, results.size());
    for (int i = 0; i < 30; i++) {
      assertEquals(i % 3 == 0, results.get(i).get("present").asBoolean(), "result " + i);
      assertTrue(results.get(i).get("reference").asText().endsWith(i % 3 == 0 ? ":present" : ":absent-" + i));
    }
    assertTrue(r.err().contains("(and 19 more missing)"), r.err());
  }

  @Test
  void tarOutputIsLoadableAndByteForByteReproducible() throws Exception {
    Path first = tmp.resolve("one.tar");
    Path second = tmp.resolve("two.tar");
    Cli.Result a = assemble("tar://" + first + ":spack/hello:1");
    Cli.Result b = assemble("tar://" + second + ":spack/hello:1", "--work-dir", tmp.resolve("other-work").toString());
    assertEquals(0, a.exitCode(), a.toString());
    assertEquals(0, b.exitCode(), b.toString());
    assertEquals(digestOf(a.out()), digestOf(b.out()));
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "same inputs, same tarball");

    JsonNode inspected = JSON.readTree(skopeo("inspect", "docker-archive:" + first).ok().out());
    assertEquals("hello", inspected.at("/Labels/org.opencontainers.image.title").asText());
    assertEquals(3, inspected.get("Layers").size());
    // skopeo can also copy it on, as docker load / podman load would read it
    skopeo("copy", "--quiet", "--dest-tls-verify=false", "docker-archive:" + first,
        "docker://" + registry.image("copied/hello:1")).ok();
    assertEquals(200, registry.get("/v2/copied/hello/manifests/1").status());
  }

  @Test
  void dockerFormatRenamesTheBaseLayersMediaTypes() throws Exception {
    Cli.Result r = assemble("registry://" + registry.image("app/docker-format:1"), "--format", "docker");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode manifest = JSON.readTree(registry.get("/v2/app/docker-format/manifests/1").body());
    assertEquals("application/vnd.docker.distribution.manifest.v2+json", manifest.get("mediaType").asText());
    assertEquals("application/vnd.docker.container.image.v1+json", manifest.at("/config/mediaType").asText());
    for (JsonNode layer : manifest.get("layers")) {
      assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", layer.get("mediaType").asText());
    }
    skopeo("inspect", "--tls-verify=false", "docker://" + registry.image("app/docker-format:1")).ok();
  }

  @Test
  void sameInputsGiveTheSameDigestInTheRegistry() throws Exception {
    Cli.Result a = assemble("registry://" + registry.image("app/repro:a"));
    Cli.Result b = assemble("registry://" + registry.image("app/repro:b"), "--work-dir", tmp.resolve("w2").toString());
    assertEquals(0, a.exitCode(), a.toString());
    assertEquals(digestOf(a.out()), digestOf(b.out()));
    Cli.Result probe = run("image", "inspect", registry.image("app/repro:a"), registry.image("app/repro:b"), "--json");
    JsonNode results = JSON.readTree(probe.out());
    assertEquals(digestOf(a.out()), results.get(0).get("digest").asText(), "the registry serves the digest we computed");
    assertEquals(digestOf(a.out()), results.get(1).get("digest").asText());

    Cli.Result changed = assemble("registry://" + registry.image("app/repro:c"), "--label", "extra=1");
    assertNotEquals(digestOf(a.out()), digestOf(changed.out()));
  }

  @Test
  void indexesWithOci11FieldsAreRead() throws Exception {
    Path amd = Files.writeString(tmp.resolve("amd.txt"), "amd64\n");
    Cli.Result a = run("image", "assemble", "--from", "scratch", "--platform", "linux/amd64",
        "--layer", amd + ":/arch.txt", "--to", "registry://" + registry.image("oci11/app:amd64"));
    assertEquals(0, a.exitCode(), a.toString());
    String digest = digestOf(a.out());
    int size = registry.get("/v2/oci11/app/manifests/amd64").body().getBytes(StandardCharsets.UTF_8).length;
    // As OCI 1.1 tools write them: an entry with artifactType (which jib's own templates reject), and
    // an attestation entry whose platform is unknown/unknown.
    String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":" + size
        + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.example.sbom\","
        + "\"digest\":\"" + digest + "\",\"size\":" + size + ",\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"},"
        + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}";
    var put = java.net.http.HttpRequest.newBuilder(registry.url().resolve("/v2/oci11/app/manifests/1"))
        .header("Content-Type", "application/vnd.oci.image.index.v1+json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(index)).build();
    var answer = java.net.http.HttpClient.newHttpClient().send(put, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, answer.statusCode(), answer.body());

    Cli.Result probe = run("image", "inspect", registry.image("oci11/app:1"), "--arch", "amd64", "--json");
    assertEquals(0, probe.exitCode(), probe.toString());
    assertEquals(digest, JSON.readTree(probe.out()).get(0).get("digest").asText());
    Cli.Result arm = run("image", "inspect", registry.image("oci11/app:1"), "--arch", "arm64");
    assertEquals(1, arm.exitCode(), arm.toString());
    assertTrue(arm.out().contains("has no linux/arm64 image (it has linux/amd64)\n"), arm.out());
  }

  @Test
  void manifestListJoinsTwoPlatformsAndProbesPickTheRightOne() throws Exception {
    Path amd = Files.writeString(tmp.resolve("amd.txt"), "amd64\n");
    Path arm = Files.writeString(tmp.resolve("arm.txt"), "arm64\n");
    Cli.Result a = run("image", "assemble", "--from", "scratch", "--platform", "linux/amd64",
        "--layer", amd + ":/arch.txt", "--to", "registry://" + registry.image("multi/app:1-amd64"));
    Cli.Result b = run("image", "assemble", "--from", "scratch", "--platform", "linux/arm64/v8",
        "--layer", arm + ":/arch.txt", "--to", "registry://" + registry.image("multi/app:1-arm64"));
    assertEquals(0, a.exitCode(), a.toString());
    assertEquals(0, b.exitCode(), b.toString());

    Cli.Result list = run("image", "manifest", registry.image("multi/app:1"),
        registry.image("multi/app:1-amd64"), registry.image("multi/app:1-arm64"));
    assertEquals(0, list.exitCode(), list.toString());
    LocalRegistry.Response stored = registry.get("/v2/multi/app/manifests/1");
    JsonNode index = JSON.readTree(stored.body());
    assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
    assertEquals(2, index.get("manifests").size());
    assertEquals("amd64", index.at("/manifests/0/platform/architecture").asText());
    assertEquals(digestOf(a.out()), index.at("/manifests/0/digest").asText(), "the part is referenced as pushed");
    assertEquals("arm64", index.at("/manifests/1/platform/architecture").asText());
    assertEquals("v8", index.at("/manifests/1/platform/variant").asText());

    JsonNode probes = JSON.readTree(run("image", "inspect", registry.image("multi/app:1"), "--arch", "arm64", "--json").out());
    assertEquals(digestOf(b.out()), probes.get(0).get("digest").asText());
    Cli.Result ppc = run("image", "inspect", registry.image("multi/app:1"), "--arch", "ppc64le");
    assertEquals(1, ppc.exitCode());
    assertTrue(ppc.out().contains("has no linux/ppc64le image (it has linux/amd64, linux/arm64)"), ppc.out());

    JsonNode viaSkopeo = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--override-arch", "arm64",
        "docker://" + registry.image("multi/app:1")).ok().out());
    assertEquals("arm64", viaSkopeo.get("Architecture").asText());

    // a list in another repository copies the parts in; assembling from the list picks the platform
    Cli.Result elsewhere = run("image", "manifest", registry.image("other/app:1"),
        registry.image("multi/app:1-amd64"), registry.image("multi/app:1-arm64"));
    assertEquals(0, elsewhere.exitCode(), elsewhere.toString());
    Cli.Result onTop = run("image", "assemble", "--from", registry.image("other/app:1"), "--platform", "arm64",
        "--layer", amd + ":/extra.txt", "--to", "registry://" + registry.image("other/derived:1"));
    assertEquals(0, onTop.exitCode(), onTop.toString());
    try (PulledImage derived = PulledImage.pull(registry.image("other/derived:1"), null)) {
      assertEquals("arm64", config(derived).get("architecture").asText());
      assertEquals(2, layers(derived).size());
      assertTrue(layers(derived).get(0).containsKey("arch.txt"));
    }

    Cli.Result clash = run("image", "manifest", registry.image("multi/app:2"),
        registry.image("multi/app:1-amd64"), registry.image("multi/app:1-amd64"));
    assertEquals(2, clash.exitCode());
    assertTrue(clash.err().contains("is for linux/amd64, like"), clash.err());
  }

  @Test
  void exportWritesATarballOfTheRegistryImage() throws Exception {
    assertEquals(0, assemble("registry://" + registry.image("app/export:1")).exitCode());
    Path out = tmp.resolve("export.tar");
    Cli.Result r = run("image", "export", registry.image("app/export:1"), "--arch", "amd64", "-o", out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode inspected = JSON.readTree(skopeo("inspect", "docker-archive:" + out).ok().out());
    JsonNode remote = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--config",
        "docker://" + registry.image("app/export:1")).ok().out());
    assertEquals(remote.at("/rootfs/diff_ids"), inspected.get("Layers"), "the same layers");
    assertEquals("sha256:feedbeef", inspected.at("/Labels/io.github.spacktainers.content-key").asText());
    String manifest = new String(new ProcessBuilder("tar", "-xOf", out.toString(), "manifest.json")
        .start().getInputStream().readAllBytes());
    assertTrue(manifest.contains("\"RepoTags\":[\"" + registry.image("app/export:1") + "\"]"), manifest);

    Cli.Result wrongArch = run("image", "export", registry.image("app/export:1"), "--arch", "arm64",
        "-o", tmp.resolve("no.tar").toString());
    assertEquals(2, wrongArch.exitCode(), wrongArch.toString());
    assertFalse(Files.exists(tmp.resolve("no.tar")));
  }

  @Test
  void clearErrors() throws Exception {
    Path out = tmp.resolve("never.tar");

    Cli.Result unknownBase = run("image", "assemble", "--from", registry.image("no/such:1"),
        "--layer", tree + ":/x", "--to", "tar://" + out);
    assertEquals(2, unknownBase.exitCode(), unknownBase.toString());
    assertTrue(unknownBase.err().startsWith("error: --from " + registry.image("no/such:1") + ": no such image"),
        unknownBase.err());

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Cli.Result unreachable = Cli.in(tmp).run("image", "assemble", "--from", "127.0.0.1:" + closed + "/x:1",
        "--insecure-registry", "127.0.0.1:" + closed, "--to", "tar://" + out);
    assertEquals(1, unreachable.exitCode(), unreachable.toString());
    assertTrue(unreachable.err().contains("cannot connect to 127.0.0.1:" + closed), unreachable.err());
    assertTrue(unreachable.err().contains("hint: "), unreachable.err());

    Cli.Result notInsecure = Cli.in(tmp).run("image", "inspect", base);
    assertEquals(1, notInsecure.exitCode());
    assertTrue(notInsecure.err().contains("--insecure-registry " + registry.hostPort()), notInsecure.err());

    Cli.Result badLayer = run("image", "assemble", "--from", "scratch", "--layer", "only-a-source",
        "--layer", tree + ":relative", "--env", "1BAD=x", "--to", "tar://" + out);
    assertEquals(2, badLayer.exitCode(), badLayer.toString());
    assertEquals(3, badLayer.err().lines().filter(l -> l.startsWith("error: ")).count(), badLayer.err());
    assertTrue(badLayer.err().contains("error: --layer: 'only-a-source' has no destination"), badLayer.err());
    assertFalse(badLayer.err().contains("Exception"), badLayer.err());

    Cli.Result missingSource = run("image", "assemble", "--from", "scratch", "--layer", "not-there:/x",
        "--to", "tar://" + out);
    assertEquals(2, missingSource.exitCode());
    assertTrue(missingSource.err().contains("source " + tmp.resolve("not-there") + " does not exist"), missingSource.err());

    Cli.Result badTarget = run("image", "assemble", "--from", "scratch", "--to", "oci:somewhere");
    assertEquals(2, badTarget.exitCode());
    assertTrue(badTarget.err().contains("is not a target"), badTarget.err());

    Cli.Result noDaemon = run("image", "assemble", "--from", "scratch", "--layer", tree + ":/x", "--to", "docker://x:1");
    assertEquals(1, noDaemon.exitCode(), noDaemon.toString());
    assertTrue(noDaemon.err().contains("no docker command on PATH"), noDaemon.err());
    assertTrue(noDaemon.err().contains("hint: write a tarball with tar://"), noDaemon.err());

    assertFalse(Files.exists(out), "no output after a failure");
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary leftovers");
    }
  }
}
