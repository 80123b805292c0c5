package spacktainers.spack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import spacktainers.common.Problems;
import spacktainers.common.Reporter;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

class ContainerManifestTest {
  private final List<String> warnings = new ArrayList<>();
  private final Reporter reporter = new Reporter() {
    @Override
    public void warning(String where, String message) {
      warnings.add(where + ": " + message);
    }
  };

  private String render(String yaml, SpackDialect dialect, Problems problems) {
    ObjectNode env = (ObjectNode) new YamlReader(YamlLimits.DOCUMENT).parse(yaml, "spack.yaml").root().get("spack");
    return ContainerManifest.render(env, dialect, k -> k, reporter, problems);
  }

  @Test
  void unifyIsSpelledForTheImagesSpack() {
    Problems p = new Problems();
    assertEquals("spack:\n  specs:\n    - zlib\n  concretization: separately\n  config:\n    install_tree:\n"
        + "      root: /opt/software\n  view: /opt/views/view\n",
        render("spack:\n  specs: [zlib]\n  concretizer: {unify: false}\n", SpackDialect.V0_17, p));
    assertEquals("spack:\n  concretizer:\n    reuse: true\n    unify: true\n  specs:\n    - zlib\n  config:\n"
        + "    install_tree:\n      root: /opt/software\n  view: /opt/views/view\n",
        render("spack:\n  concretization: together\n  concretizer: {reuse: true}\n  specs: [zlib]\n",
            SpackDialect.MODERN, p), "concretization folded into the existing concretizer");
    assertTrue(p.isEmpty(), p.list().toString());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("concretizer.unify: does not ask for one consistent set"), warnings.toString());
  }

  @Test
  void translatedInPlaceForModernSpack() {
    Problems p = new Problems();
    assertEquals("spack:\n  concretizer:\n    unify: true\n  specs:\n    - zlib\n  config:\n    install_tree:\n"
        + "      root: /opt/software\n  view: /opt/views/view\n",
        render("spack:\n  concretization: together\n  specs: [zlib]\n", SpackDialect.MODERN, p));
  }

  @Test
  void settingsTheImagesSpackCannotExpressAreErrors() {
    Problems p = new Problems();
    render("spack:\n  concretizer: {unify: when_possible}\n", SpackDialect.V0_17, p);
    render("spack:\n  concretization: together\n  concretizer: {unify: true}\n", SpackDialect.MODERN, p);
    assertEquals(2, p.list().size(), p.list().toString());
    assertTrue(p.list().get(0).message().contains("needs Spack 0.18"), p.list().toString());
    assertTrue(p.list().get(1).message().contains("keep only concretizer.unify"), p.list().toString());
  }

  @Test
  void spack018KeepsConcretizerUnifyAsWritten() {
    Problems p = new Problems();
    String out = render("spack:\n  concretizer: {unify: when_possible, reuse: true}\n", SpackDialect.V0_18, p);
    assertTrue(p.list().isEmpty(), p.list().toString());
    assertTrue(out.contains("  concretizer:\n    unify: when_possible\n    reuse: true\n"), out);
    assertFalse(out.contains("concretization"), out);
    out = render("spack:\n  specs: [zlib]\n", SpackDialect.V0_18, p);
    assertTrue(out.contains("  concretization: together\n"), out);
  }

  @Test
  void literalMirrorCredentialsAreWarnedAboutWithoutRepeatingThem() {
    Problems p = new Problems();
    render("spack:\n  mirrors:\n    a: https://bob:hunter2@mirror.example.org/cache\n"
        + "    b:\n      url: s3://bucket\n      access_pair: [AKIAX, hunter2]\n"
        + "    c:\n      fetch: {url: 'oci://ghcr.io/x', access_token: hunter2}\n"
        + "    d:\n      url: s3://bucket\n      access_pair: {id_variable: ID, secret_variable: SECRET}\n"
        + "    e: https://mirror.example.org\n", SpackDialect.MODERN, p);
    assertTrue(p.isEmpty(), p.list().toString());
    List<String> mirrorWarnings = warnings.stream().filter(w -> w.startsWith("mirrors.")).toList();
    assertEquals(3, mirrorWarnings.size(), warnings.toString());
    assertTrue(mirrorWarnings.get(0).startsWith("mirrors.a: the URL contains a password"), warnings.toString());
    assertTrue(mirrorWarnings.get(1).startsWith("mirrors.b.access_pair: a literal mirror credential"), warnings.toString());
    assertTrue(mirrorWarnings.get(2).startsWith("mirrors.c.fetch.access_token: "), warnings.toString());
    assertFalse(warnings.toString().contains("hunter2"), warnings.toString());
  }

  @Test
  void installTreeKeepsProjectionsAndLosesItsRoot() {
    Problems p = new Problems();
    String out = render("spack:\n  config:\n    install_tree:\n      padded_length: 128\n      root: /x\n",
        SpackDialect.MODERN, p);
    assertTrue(out.contains("    install_tree:\n      root: /opt/software\n      padded_length: 128\n"), out);
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("config.install_tree: set explicitly")), warnings.toString());
  }
}
