package spacktainers.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * GitLab REST API responses as GitLab 17/18 sends them: the full JSON of {@code Entities::Ci::Bridge}
 * and {@code Entities::Ci::Job} (shapes from GitLab's API docs and gitlab4j's recorded test resources),
 * offset-pagination headers, and GitLab's error bodies.
 */
final class GitLabShapes {
  private GitLabShapes() {}

  static final String SHA = "0ff3ae198f8601a285adcf5c0fff204ee6fba5fd";

  static String user() {
    return """
        {"id": 1, "username": "root", "name": "Administrator", "state": "active", "locked": false,
         "avatar_url": "https://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon",
         "web_url": "https://gitlab.example.com/root", "created_at": "2015-12-21T13:14:24.077Z",
         "bio": "", "location": "", "public_email": null, "linkedin": "", "twitter": "", "discord": "",
         "website_url": "", "organization": "", "job_title": "", "pronouns": null, "bot": false,
         "work_information": null, "followers": 0, "following": 0, "local_time": null}""";
  }

  static String commit() {
    return """
        {"id": "%s", "short_id": "0ff3ae19", "created_at": "2015-12-24T16:51:14.000+01:00",
         "parent_ids": ["ae1d9fb46aa2b07ee9836d49862ec4e2c46fbbba"], "title": "Test the CI integration.",
         "message": "Test the CI integration.", "author_name": "Administrator", "author_email": "admin@example.com",
         "authored_date": "2015-12-24T16:51:14.000+01:00", "committer_name": "Administrator",
         "committer_email": "admin@example.com", "committed_date": "2015-12-24T16:51:14.000+01:00",
         "trailers": {}, "extended_trailers": {},
         "web_url": "https://gitlab.example.com/hpc/spacktainers/-/commit/%s"}""".formatted(SHA, SHA);
  }

  static String pipeline(long id, long projectId, String status, String source) {
    return """
        {"id": %d, "iid": %d, "project_id": %d, "sha": "%s", "ref": "main", "status": "%s", "source": "%s",
         "created_at": "2026-11-22T10:00:00.000Z", "updated_at": "2026-11-22T10:30:00.000Z",
         "web_url": "https://gitlab.example.com/hpc/spacktainers/-/pipelines/%d"}"""
        .formatted(id, id % 1000, projectId, SHA, status, source, id);
  }

  static String bridge(long id, String name, String status, long pipelineId, long projectId, Long downstreamId) {
    String downstream = downstreamId == null ? "null" : pipeline(downstreamId, projectId, status, "parent_pipeline");
    return """
        {"id": %d, "status": "%s", "stage": "generate", "name": "%s", "ref": "main", "tag": false,
         "coverage": null, "allow_failure": false, "created_at": "2026-11-22T10:00:01.000Z",
         "started_at": "2026-11-22T10:00:05.000Z", "finished_at": "2026-11-22T10:29:00.000Z",
         "erased_at": null, "duration": 1735.2, "queued_duration": 0.8,
         "user": %s, "commit": %s, "pipeline": %s,
         "web_url": "https://gitlab.example.com/hpc/spacktainers/-/jobs/%d",
         "project": {"ci_job_token_scope_enabled": false},
         "downstream_pipeline": %s}"""
        .formatted(id, status, json(name), user(), commit(), pipeline(pipelineId, projectId, "running", "push"), id,
            downstream);
  }

  /** A job; {@code archiveSize} null means no archive, {@code expireAt} null means no expiry. */
  static String job(long id, String name, String status, long pipelineId, long projectId, Long archiveSize,
      String expireAt) {
    List<String> artifacts = new ArrayList<>();
    if (archiveSize != null) {
      artifacts.add("{\"file_type\": \"archive\", \"size\": " + archiveSize
          + ", \"filename\": \"artifacts.zip\", \"file_format\": \"zip\"}");
      artifacts.add("{\"file_type\": \"metadata\", \"size\": 186, \"filename\": \"metadata.gz\","
          + " \"file_format\": \"gzip\"}");
    }
    artifacts.add("{\"file_type\": \"trace\", \"size\": 1500, \"filename\": \"job.log\", \"file_format\": null}");
    String artifactsFile = archiveSize == null ? ""
        : "\"artifacts_file\": {\"filename\": \"artifacts.zip\", \"size\": " + archiveSize + "},\n";
    String failure = status.equals("failed") ? "\"failure_reason\": \"script_failure\",\n" : "";
    return """
        {"id": %d, "status": "%s", "stage": "generate", "name": "%s", "ref": "main", "tag": false,
         "coverage": null, "allow_failure": false, "created_at": "2026-11-22T10:01:00.000Z",
         "started_at": "2026-11-22T10:02:00.000Z", "finished_at": "2026-11-22T10:12:00.000Z",
         "erased_at": null, "duration": 600.1, "queued_duration": 1.5,
         "user": %s, "commit": %s, "pipeline": %s,
         %s"web_url": "https://gitlab.example.com/hpc/spacktainers/-/jobs/%d",
         "project": {"ci_job_token_scope_enabled": false},
         %s"artifacts": [%s],
         "runner": {"id": 32, "description": "hpc-runner-1", "ip_address": null, "active": true, "paused": false,
                    "is_shared": false, "runner_type": "project_type", "name": "gitlab-runner", "online": true,
                    "status": "online"},
         "runner_manager": {"id": 8, "system_id": "s_0123456789ab", "version": "17.11.0", "revision": "0f67ff19",
                    "platform": "linux", "architecture": "amd64", "created_at": "2026-01-01T00:00:00.000Z",
                    "contacted_at": "2026-11-22T10:12:00.000Z", "ip_address": "10.0.0.5", "status": "online"},
         "artifacts_expire_at": %s,
         "archived": false,
         "tag_list": ["amd64", "docker"]}"""
        .formatted(id, status, json(name), user(), commit(), pipeline(pipelineId, projectId, "success",
            "parent_pipeline"), failure, id, artifactsFile, String.join(", ", artifacts),
            expireAt == null ? "null" : "\"" + expireAt + "\"");
  }

  static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * Stubs every page of a listing the way GitLab paginates: {@code X-Page}, {@code X-Per-Page},
   * {@code X-Total}, {@code X-Total-Pages}, {@code X-Next-Page}, {@code X-Prev-Page} and {@code Link}.
   * With {@code countless}, the headers GitLab drops past 10,000 items are left out.
   */
  static void stubPages(WireMockServer wm, String path, List<String> items, int perPage, boolean countless) {
    int pages = Math.max(1, (items.size() + perPage - 1) / perPage);
    for (int p = 1; p <= pages; p++) {
      List<String> slice = items.subList((p - 1) * perPage, Math.min(items.size(), p * perPage));
      ResponseDefinitionBuilder r = aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withHeader("X-Page", String.valueOf(p))
          .withHeader("X-Per-Page", String.valueOf(perPage))
          .withHeader("X-Next-Page", p < pages ? String.valueOf(p + 1) : "")
          .withHeader("X-Prev-Page", p > 1 ? String.valueOf(p - 1) : "")
          .withHeader("X-Request-Id", "01JD0000000000000000000000")
          .withHeader("Link", link(wm, path, p, pages, perPage, countless))
          .withBody("[" + String.join(",", slice) + "]");
      if (!countless) {
        r = r.withHeader("X-Total", String.valueOf(items.size())).withHeader("X-Total-Pages", String.valueOf(pages));
      }
      MappingBuilder m = get(urlPathEqualTo(path)).withQueryParam("page", equalTo(String.valueOf(p)))
          .withQueryParam("per_page", equalTo(String.valueOf(perPage)));
      wm.stubFor(m.willReturn(r));
    }
  }

  private static String link(WireMockServer wm, String path, int page, int pages, int perPage, boolean countless) {
    String base = "http://127.0.0.1:" + wm.port() + path + "?id=42&page=";
    List<String> rels = new ArrayList<>();
    if (page > 1) {
      rels.add("<" + base + (page - 1) + "&per_page=" + perPage + ">; rel=\"prev\"");
    }
    if (page < pages) {
      rels.add("<" + base + (page + 1) + "&per_page=" + perPage + ">; rel=\"next\"");
    }
    rels.add("<" + base + "1&per_page=" + perPage + ">; rel=\"first\"");
    if (!countless) {
      rels.add("<" + base + pages + "&per_page=" + perPage + ">; rel=\"last\"");
    }
    return String.join(", ", rels);
  }

  static ResponseDefinitionBuilder error(int status, String jsonBody) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(jsonBody);
  }

  /** GitLab's answer to a token without the needed scope (Doorkeeper's insufficient_scope). */
  static ResponseDefinitionBuilder insufficientScope() {
    return error(403, "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires higher"
        + " privileges than provided by the access token.\",\"scope\":\"api read_api\"}")
        .withHeader("WWW-Authenticate", "Bearer realm=\"Protected by OAuth 2.0\", error=\"insufficient_scope\","
            + " error_description=\"The request requires higher privileges than provided by the access token.\","
            + " scope=\"api read_api\"");
  }
}
