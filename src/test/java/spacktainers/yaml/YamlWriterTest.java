package spacktainers.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlWriterTest {
  private final YamlReader reader = new YamlReader(YamlLimits.DOCUMENT);

  @Test
  void writesBlockStyleWithMinimalQuoting() {
    JsonNode n = reader.parse("""
        job:
          stage: build
          script: ["echo $HOME", "a: b", 'yes', '1.0', '1.2.3', '']
          needs: []
          tags: {}
          when: on_success
          retry: 2
          allow_failure: false
        """, "t").root();
    assertEquals("""
        job:
          stage: build
          script:
            - echo $HOME
            - 'a: b'
            - 'yes'
            - '1.0'
            - 1.2.3
            - ''
          needs: []
          tags: {}
          when: on_success
          retry: 2
          allow_failure: false
        """, YamlWriter.write(n));
  }

  @Test
  void roundTripsAwkwardStrings() {
    List<String> nasty = List.of("it's", "\"quoted\"", "$VAR `cmd` \\back", "#comment", "a #b", "- x", "-x",
        "12:30", "2024-01-01", "0x1F", "1,000", "~", "null", "Off", "@at", "%pct", "*star", "&amp", "!tag",
        "line1\nline2", "trailing\n", "two\n\n", " lead", "trail ", "tab\tin", "ctrl\u0001", "ünïcödé", ":",
        "key:", "? q", "[x]", "{y}", "|", ">", "<<", "=", "1e3", ".5", "+1", ".inf", "-", "---", "...");
    for (String s : nasty) {
      com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      o.put("k", s);
      o.putArray("l").add(s);
      o.put(s, 1);
      String yaml = YamlWriter.write(o);
      JsonNode back = reader.parse(yaml, "rt").root();
      assertEquals(s, back.get("k").textValue(), yaml);
      assertEquals(s, back.get("l").get(0).textValue(), yaml);
      assertEquals(1, back.get(s).intValue(), yaml);
    }
  }

  @Test
  void sameTreeSameBytes() {
    JsonNode n = reader.parse("b: [1, {x: y}]\na: {c: d}\n", "t").root();
    assertEquals(YamlWriter.write(n), YamlWriter.write(n.deepCopy()));
    assertEquals("b:\n  - 1\n  - x: y\na:\n  c: d\n", YamlWriter.write(n));
  }
}
