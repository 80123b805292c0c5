package spacktainers.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Gitlab4jGitLabTest {
  @Test
  void apiRootBecomesTheHostUrlGitlab4jExpects() {
    assertEquals("https://gitlab.example.com", Gitlab4jGitLab.hostUrl(URI.create("https://gitlab.example.com/api/v4")));
    assertEquals("https://example.com/gitlab", Gitlab4jGitLab.hostUrl(URI.create("https://example.com/gitlab/api/v4/")));
    assertEquals("https://gitlab.example.com", Gitlab4jGitLab.hostUrl(URI.create("https://gitlab.example.com/")));
  }

  @Test
  void readsTheScopeFromWwwAuthenticate() {
    assertEquals(Optional.of("api read_api"), Gitlab4jGitLab.scopeOf("Bearer realm=\"Protected by OAuth 2.0\","
        + " error=\"insufficient_scope\", error_description=\"...\", scope=\"api read_api\""));
    assertEquals(Optional.empty(), Gitlab4jGitLab.scopeOf("Bearer realm=\"x\""));
  }

  @Test
  void retryAfterInSecondsOrAsADate() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), Gitlab4jGitLab.retryAfter(Optional.of("30")));
    assertEquals(Optional.of(Duration.ZERO), Gitlab4jGitLab.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")));
    assertEquals(Optional.empty(), Gitlab4jGitLab.retryAfter(Optional.of("soon")));
    assertEquals(Optional.empty(), Gitlab4jGitLab.retryAfter(Optional.empty()));
  }

  @Test
  void keepsGitLabsMessageButNotAnHtmlErrorPage() {
    assertEquals("404 Project Not Found", Gitlab4jGitLab.shortMessage("404 Project Not Found", "Not Found"));
    assertEquals("Bad Gateway", Gitlab4jGitLab.shortMessage("<html><body>502</body></html>", "Bad Gateway"));
    assertEquals("first line", Gitlab4jGitLab.shortMessage("first line\nsecond", null));
    assertEquals("no message", Gitlab4jGitLab.shortMessage(" ", null));
  }

  @Test
  void credentialsGoOnlyToTheApisOrigin() throws Exception {
    URL api = new URL("https://gitlab.example.com/api/v4");
    assertTrue(Gitlab4jGitLab.sameOrigin(new URL("https://gitlab.example.com:443/api/v4/projects/1"), api));
    assertFalse(Gitlab4jGitLab.sameOrigin(new URL("https://bucket.s3.amazonaws.com/x"), api));
    assertFalse(Gitlab4jGitLab.sameOrigin(new URL("http://gitlab.example.com/api/v4"), api));
    assertFalse(Gitlab4jGitLab.sameOrigin(new URL("https://gitlab.example.com:8443/api/v4"), api));
  }
}
