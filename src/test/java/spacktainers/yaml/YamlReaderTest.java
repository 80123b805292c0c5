package spacktainers.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import spacktainers.common.InvalidInputException;

class YamlReaderTest {
  private final YamlReader reader = new YamlReader(YamlLimits.DOCUMENT);

  @Test
  void plainScalarsFollowYaml12CoreSchema() {
    JsonNode n = reader.parse("a: yes\nb: on\nc: true\nd: 1.10\ne: 42\nf: ~\ng: '1'\nh: 0123\n", "t.yaml").root();
    assertEquals("yes", n.get("a").textValue());
    assertEquals("on", n.get("b").textValue());
    assertTrue(n.get("c").booleanValue());
    assertEquals("1.10", n.get("d").decimalValue().toString());
    assertEquals(42, n.get("e").intValue());
    assertTrue(n.get("f").isNull());
    assertEquals("1", n.get("g").textValue());
    assertEquals("0123", n.get("h").textValue());
  }

  @Test
  void anchorsAliasesAndMergeKeysAreResolved() {
    String text = """
        base: &base {image: x, tags: [a]}
        job:
          <<: *base
          tags: [b]
          script: [echo]
        """;
    JsonNode job = reader.parse(text, "t.yaml").root().get("job");
    assertEquals("x", job.get("image").textValue());
    assertEquals("b", job.get("tags").get(0).textValue());
    assertEquals("[\"image\",\"tags\",\"script\"]", fieldNames(job));
  }

  @Test
  void locationsAreRecordedPerKeyPath() {
    YamlDocument doc = reader.parse("spack:\n  specs:\n    - zlib\n    - bzip2\n", "s.yaml");
    assertEquals(new Location(4, 7), doc.locate("spack.specs[1]").orElseThrow());
    assertEquals("s.yaml:2:3: spack.specs", doc.where("spack.specs"));
  }

  @Test
  void duplicateKeysAreRejectedWithLocation() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> reader.parse("a: 1\nb: 2\na: 3\n", "d.yaml"));
    assertEquals("d.yaml:3:1: duplicate key 'a'", e.problems().get(0).line());
  }

  @Test
  void syntaxErrorsNameLineAndColumn() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> reader.parse("a: [1, 2\nb: 3\n", "bad.yaml"));
    assertTrue(e.problems().get(0).line().startsWith("bad.yaml:"), e.problems().get(0).line());
  }

  @Test
  void aliasBombFailsFast() {
    StringBuilder sb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      sb.append("]\n");
      prev = c;
    }
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> reader.parse(sb.toString(), "bomb.yaml"));
    assertTrue(e.problems().get(0).line().contains("bomb.yaml"), e.problems().get(0).line());
  }

  @Test
  void expansionIsBoundedEvenWithFewAliases() {
    YamlReader tight = new YamlReader(new YamlLimits(1 << 20, 1000, 500, 50));
    StringBuilder sb = new StringBuilder("a: &a [");
    for (int i = 0; i < 100; i++) {
      sb.append(i == 0 ? "" : ",").append(i);
    }
    sb.append("]\nb: [*a, *a, *a, *a, *a, *a]\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> tight.parse(sb.toString(), "x.yaml"));
    assertTrue(e.getMessage().contains("more than 500 nodes"), e.getMessage());
  }

  @Test
  void oversizedInputIsRefused() {
    YamlReader tiny = new YamlReader(new YamlLimits(10, 10, 10, 10));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> tiny.parse("a: 123456789012\n", "big.yaml"));
    assertTrue(e.getMessage().contains("limit of 10 bytes"), e.getMessage());
  }

  private static String fieldNames(JsonNode n) {
    StringBuilder sb = new StringBuilder("[");
    n.fieldNames().forEachRemaining(k -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append('"'));
    return sb.append(']').toString();
  }

  @Test
  void machineWrittenModeSharesAliasesAndKeepsShallowLocations() {
    YamlReader machine = new YamlReader(YamlLimits.PIPELINE).forMachineWrittenFiles(1);
    YamlDocument doc = machine.parse("a: &x {k: [1, 2]}\nb: *x\n", "m.yaml");
    assertTrue(doc.root().get("a") == doc.root().get("b"), "aliases share the anchored node");
    assertEquals("m.yaml:1:1: a.k[1]", doc.where("a.k[1]"), "falls back to the nearest recorded parent");
    YamlDocument copied = reader.parse("a: &x {k: [1, 2]}\nb: *x\n", "c.yaml");
    assertTrue(copied.root().get("a") != copied.root().get("b"), "the default reader copies");
    assertEquals(copied.root().get("a"), copied.root().get("b"));
  }

  @Test
  void multipleDocumentsAndUndefinedAliasesAreErrors() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> reader.parse("a: 1\n---\nb: 2\n", "two.yaml"));
    assertEquals("two.yaml:2:1: expected a single document, but found another", e.problems().get(0).line());
    e = assertThrows(InvalidInputException.class, () -> reader.parse("a: *nope\n", "u.yaml"));
    assertTrue(e.problems().get(0).line().startsWith("u.yaml:1:4: invalid YAML: found undefined alias"),
        e.problems().get(0).line());
  }
}
