package spacktainers.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import spacktainers.common.InvalidInputException;

class DotenvReportTest {
  @Test
  void rendersSortedYesLines() {
    assertEquals("amd64=yes\narm64=yes\n", DotenvReport.render(List.of("arm64", "amd64", "arm64")));
  }

  @Test
  void refusesMoreThanGitLabAccepts() {
    List<String> arches = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      arches.add("a" + i);
    }
    DotenvReport.check(arches, "--dotenv build.env");
    arches.add("a20");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> DotenvReport.check(arches, "--dotenv build.env"));
    assertEquals("--dotenv build.env: a dotenv report holds at most 20 variables (GitLab's limit), but 21"
        + " architectures were asked for", e.problems().get(0).line());
  }

  @Test
  void refusesNamesGitLabRejects() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> DotenvReport.check(List.of("linux-x86"), "--dotenv f"));
    assertEquals("--dotenv f: architecture 'linux-x86' is not a valid dotenv variable name",
        e.problems().get(0).line());
  }
}
