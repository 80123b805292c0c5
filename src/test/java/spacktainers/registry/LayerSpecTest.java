package spacktainers.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import spacktainers.common.InvalidInputException;

class LayerSpecTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "build/view:/opt/view|build/view|/opt/view|",
      "run.sh:/usr/local/bin/run.sh:0755|run.sh|/usr/local/bin/run.sh|493",
      "run.sh:/usr/local/bin/run.sh:644|run.sh|/usr/local/bin/run.sh|420",
      "dir:/opt//x/./y/|dir|/opt/x/y/|",
      "dir:/opt//x/./y|dir|/opt/x/y|",
      "a:b:/dst|a:b|/dst|",
      "a:b:/dst:0600|a:b|/dst|384",
      "view:/|view|/|",
  })
  void parses(String text, String source, String destination, Integer mode) {
    LayerSpec s = LayerSpec.parse(text, "--layer");
    assertEquals(Path.of(source), s.source());
    assertEquals(destination, s.destination());
    assertEquals(Optional.ofNullable(mode), s.fileMode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"onlysource", ":/dst", "src:relative/dst", "src:/opt/../etc", "src:/x:0999", "src:/x:75",
      "src:", "src:/x:12345"})
  void rejects(String text) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> LayerSpec.parse(text, "--layer"));
    assertEquals("--layer", e.problems().get(0).where());
    assertTrue(e.problems().get(0).hint().contains("SRC:DST") || e.problems().get(0).hint().contains("octal"),
        e.problems().get(0).line());
  }
}
