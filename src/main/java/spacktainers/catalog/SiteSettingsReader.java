package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problems;
import spacktainers.spack.Spec;
import spacktainers.spack.SpecParser;
import spacktainers.yaml.YamlDocument;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

/** Reads and validates {@code spacktainers.yaml}, reporting every problem at once. */
public final class SiteSettingsReader {
  private static final Set<String> TOP = Set.of("default_branch", "registry", "sif", "base_images",
      "architectures", "environment", "limits", "pipelines");
  private static final Set<String> REGISTRY = Set.of("host", "namespace", "user_variable", "password_variable");
  private static final Set<String> BUCKET = Set.of("bucket", "branch_bucket", "prefix", "endpoint",
      "access_key_variable", "secret_key_variable");
  private static final Set<String> CACHE = Set.of("bucket", "branch_bucket", "endpoint", "access_key_variable",
      "secret_key_variable", "max_age_days", "branch_max_age_days");
  private static final Set<String> ARCH = Set.of("runner_tags", "base_arch", "tag_suffix", "proxy", "build_cache",
      "variables");
  private static final Set<String> BASE = Set.of("name", "folder", "build_args");
  private static final Set<String> ENV = Set.of("common", "cache", "container");
  private static final Set<String> PIPELINES = Set.of("gather_bridge", "gather_jobs");
  /** Top-level keys GitLab reads as settings, never as jobs. */
  private static final Set<String> GITLAB_KEYWORDS = Set.of("image", "services", "stages", "types", "before_script",
      "after_script", "variables", "cache", "include", "workflow", "default", "spec");
  /** GitLab's job-name limit, less {@code " for arm64"}: gathered jobs are named {@code <name> for <arch>}. */
  private static final int MAX_JOB_NAME = 255 - " for arm64".length();
  private static final Set<String> LIMITS = Set.of("pipeline_bytes", "jobs_per_pipeline", "needs_per_job",
      "job_name_length", "needed_job_name_length");

  private SiteSettingsReader() {}

  /** Reads the file; every problem is reported in one {@link InvalidInputException}. */
  public static SiteSettings read(Path file, String displayName) {
    return validate(new YamlReader(YamlLimits.DOCUMENT).read(file, displayName), file);
  }

  public static SiteSettings validate(YamlDocument doc, Path file) {
    Problems problems = new Problems();
    Checker c = new Checker(doc, problems);
    JsonNode root = doc.root();
    if (!root.isObject()) {
      c.error("", "the site settings must be a mapping, not " + Checker.describe(root));
      problems.throwIfAny();
    }
    c.onlyKeys(root, "", TOP);
    Optional<String> defaultBranch = c.checked(root, "default_branch", "", true, Names::checkBranch);
    Optional<SiteSettings.Registry> registry = c.mapping(root, "registry", "", true).flatMap(m -> registry(c, m));
    Optional<SiteSettings.Bucket> sif = c.mapping(root, "sif", "", false).flatMap(m -> {
      c.onlyKeys(m, "sif", BUCKET);
      return bucket(c, m, "sif", "containers/");
    });
    Map<SiteSettings.BaseImageRole, SiteSettings.BaseImage> bases = new EnumMap<>(SiteSettings.BaseImageRole.class);
    c.mapping(root, "base_images", "", true).ifPresent(m -> baseImages(c, m, bases, root.has("sif")));
    Map<Architecture, SiteSettings.ArchSettings> archs = new EnumMap<>(Architecture.class);
    c.mapping(root, "architectures", "", true).ifPresent(m -> architectures(c, m, archs));
    SiteSettings.EnvironmentTemplate env = environment(c, root);
    SiteSettings.Limits limits = c.mapping(root, "limits", "", false).map(m -> limits(c, m))
        .orElse(SiteSettings.Limits.GITLAB_DEFAULTS);
    SiteSettings.Pipelines pipelines = c.mapping(root, "pipelines", "", false).map(m -> pipelines(c, m))
        .orElse(SiteSettings.Pipelines.NONE);
    problems.throwIfAny();
    return new SiteSettings(file, defaultBranch.orElseThrow(), registry.orElseThrow(), sif, bases, archs, env, limits,
        pipelines);
  }

  private static Optional<SiteSettings.Registry> registry(Checker c, ObjectNode m) {
    c.onlyKeys(m, "registry", REGISTRY);
    Optional<String> host = c.checked(m, "host", "registry", true, Names::checkHost);
    Optional<String> namespace = c.checked(m, "namespace", "registry", false, Names::checkNamespace);
    Optional<String> user = c.checked(m, "user_variable", "registry", false, Names::checkVariable);
    Optional<String> password = c.checked(m, "password_variable", "registry", false, Names::checkVariable);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    // GitLab's own job variables are the natural default: nothing site-specific about them.
    return Optional.of(new SiteSettings.Registry(host.get(), namespace.orElse(""),
        user.orElse("CI_REGISTRY_USER"), password.orElse("CI_REGISTRY_PASSWORD")));
  }

  private static Optional<SiteSettings.Bucket> bucket(Checker c, ObjectNode m, String path, String defaultPrefix) {
    Optional<String> bucket = c.checked(m, "bucket", path, true, Names::checkBucket);
    Optional<String> branch = c.checked(m, "branch_bucket", path, false, Names::checkBucket);
    Optional<String> prefix = m.has("prefix")
        ? c.checked(m, "prefix", path, false, SiteSettingsReader::checkPrefix) : Optional.of(defaultPrefix);
    Optional<String> endpoint = c.checked(m, "endpoint", path, false, SiteSettingsReader::checkEndpoint);
    Optional<String> access = c.checked(m, "access_key_variable", path, true, Names::checkVariable);
    Optional<String> secret = c.checked(m, "secret_key_variable", path, true, Names::checkVariable);
    if (bucket.isEmpty() || prefix.isEmpty() || access.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SiteSettings.Bucket(bucket.get(), branch, prefix.get(), endpoint, access.get(),
        secret.get()));
  }

  private static Optional<String> checkPrefix(String prefix) {
    if (prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains("//") || prefix.contains("..")) {
      return Optional.of("invalid prefix '" + prefix + "': a relative key prefix ending with '/', e.g. containers/");
    }
    return Optional.empty();
  }

  private static Optional<String> checkEndpoint(String url) {
    try {
      java.net.URI u = new java.net.URI(url);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
          && u.getUserInfo() == null) {
        return Optional.empty();
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    return Optional.of("invalid endpoint '" + url + "': expected an http(s) URL without credentials");
  }

  private static void baseImages(Checker c, ObjectNode m, Map<SiteSettings.BaseImageRole, SiteSettings.BaseImage> out,
      boolean sifWanted) {
    java.util.Set<String> roles = new java.util.LinkedHashSet<>();
    for (SiteSettings.BaseImageRole r : SiteSettings.BaseImageRole.values()) {
      roles.add(r.id());
    }
    c.onlyKeys(m, "base_images", roles);
    for (SiteSettings.BaseImageRole role : SiteSettings.BaseImageRole.values()) {
      boolean required = role != SiteSettings.BaseImageRole.SINGULARITY || sifWanted;
      String path = Checker.child("base_images", role.id());
      Optional<ObjectNode> entry = c.mapping(m, role.id(), "base_images", required);
      if (entry.isEmpty()) {
        continue;
      }
      ObjectNode e = entry.get();
      c.onlyKeys(e, path, BASE);
      Optional<String> name = e.has("name") ? c.checked(e, "name", path, false, Names::checkRepositoryComponent)
          : Optional.of(role.id());
      Optional<String> folder = c.checked(e, "folder", path, true, SiteSettingsReader::checkRelativePath);
      Optional<Map<String, String>> args = c.stringMap(e, "build_args", path, Names::checkVariable);
      if (name.isPresent() && folder.isPresent() && args.isPresent()) {
        out.put(role, new SiteSettings.BaseImage(role, name.get(), Path.of(folder.get()), args.get()));
      }
    }
  }

  static Optional<String> checkRelativePath(String p) {
    Path path = Path.of(p).normalize();
    if (Path.of(p).isAbsolute() || path.startsWith("..") || path.toString().isEmpty()) {
      return Optional.of("'" + p + "' must be a folder inside the repository, given relative to its root");
    }
    return Optional.empty();
  }

  private static void architectures(Checker c, ObjectNode m, Map<Architecture, SiteSettings.ArchSettings> out) {
    if (m.isEmpty()) {
      c.error("architectures", "must name at least one architecture (" + Architecture.supported() + ")");
    }
    int withoutSuffix = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = Checker.child("architectures", e.getKey());
      Optional<Architecture> arch = Architecture.of(e.getKey());
      if (arch.isEmpty()) {
        c.error(path, "unsupported architecture '" + e.getKey() + "'", "supported: " + Architecture.supported());
        continue;
      }
      Optional<ObjectNode> a = c.mapping(m, e.getKey(), "architectures", true);
      if (a.isEmpty()) {
        continue;
      }
      Optional<SiteSettings.ArchSettings> settings = arch(c, a.get(), path, arch.get());
      settings.ifPresent(s -> out.put(s.arch(), s));
      if (settings.isPresent() && !settings.get().tagSuffix()) {
        withoutSuffix++;
        if (withoutSuffix > 1) {
          c.error(Checker.child(path, "tag_suffix"), "only one architecture may have tag_suffix: false,"
              + " or two architectures would push the same tags");
        }
      }
    }
  }

  private static Optional<SiteSettings.ArchSettings> arch(Checker c, ObjectNode a, String path, Architecture arch) {
    c.onlyKeys(a, path, ARCH);
    Optional<List<String>> tags = c.strings(a, "runner_tags", path, true, true, t -> Optional.empty());
    Optional<String> baseArch = c.string(a, "base_arch", path, true);
    Optional<String> target = Optional.empty();
    if (baseArch.isPresent()) {
      try {
        Spec s = SpecParser.parse(baseArch.get(), c.where(Checker.child(path, "base_arch")));
        if (!s.isAnonymous()) {
          c.error(Checker.child(path, "base_arch"), "must not name a package: it is added to every spec's"
              + " constraints (e.g. '%gcc@12 os=ubuntu22.04 target=x86_64_v3')");
        }
        target = findAttribute(s, "target");
      } catch (InvalidInputException ex) {
        c.problems().addAll(ex.problems());
        baseArch = Optional.empty();
      }
    }
    boolean suffix = c.bool(a, "tag_suffix", path).orElse(true);
    Optional<SiteSettings.Proxy> proxy = Optional.of(SiteSettings.Proxy.KEEP);
    if (a.has("proxy")) {
      proxy = c.string(a, "proxy", path, true).flatMap(p -> {
        for (SiteSettings.Proxy x : SiteSettings.Proxy.values()) {
          if (x.id().equals(p)) {
            return Optional.of(x);
          }
        }
        c.error(Checker.child(path, "proxy"), "must be 'keep' or 'unset', not '" + p + "'");
        return Optional.empty();
      });
    }
    String cachePath = Checker.child(path, "build_cache");
    Optional<SiteSettings.BuildCache> cache = c.mapping(a, "build_cache", path, true).flatMap(m -> {
      c.onlyKeys(m, cachePath, CACHE);
      Optional<SiteSettings.Bucket> bucket = bucket(c, m, cachePath, "");
      Optional<Integer> age = c.integer(m, "max_age_days", cachePath, true, 1);
      Optional<Integer> branchAge = c.integer(m, "branch_max_age_days", cachePath, false, 1);
      if (bucket.isEmpty() || age.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new SiteSettings.BuildCache(bucket.get(), age.get(), branchAge.orElse(age.get())));
    });
    Optional<Map<String, String>> vars = c.stringMap(a, "variables", path, Names::checkVariable);
    if (tags.isEmpty() || baseArch.isEmpty() || proxy.isEmpty() || cache.isEmpty() || vars.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SiteSettings.ArchSettings(arch, tags.get(), baseArch.get(), target, suffix,
        proxy.get(), cache.get(), vars.get()));
  }

  private static Optional<String> findAttribute(Spec s, String key) {
    Optional<String> v = s.attribute(key);
    if (v.isPresent()) {
      return v;
    }
    for (Spec.Dependency d : s.dependencies()) {
      Optional<String> found = findAttribute(d.spec(), key);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static SiteSettings.EnvironmentTemplate environment(Checker c, JsonNode root) {
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    Optional<ObjectNode> env = c.mapping(root, "environment", "", false);
    if (env.isEmpty()) {
      return new SiteSettings.EnvironmentTemplate(empty, empty, empty);
    }
    c.onlyKeys(env.get(), "environment", ENV);
    JsonNode[] parts = new JsonNode[3];
    String[] keys = {"common", "cache", "container"};
    for (int i = 0; i < keys.length; i++) {
      String path = Checker.child("environment", keys[i]);
      JsonNode part = c.mapping(env.get(), keys[i], "environment", false).map(n -> (JsonNode) n).orElse(empty);
      if (part.has("spack")) {
        c.error(Checker.child(path, "spack"), "write the content of the spack: mapping directly under "
            + path + ", without a spack: key");
      }
      for (Placeholders.Use use : Placeholders.uses(part, path)) {
        if (!Placeholders.NAMES.contains(use.name())) {
          c.error(use.path(), "unknown placeholder %" + use.name() + "%", "known: " + Placeholders.known());
        }
      }
      parts[i] = part;
    }
    return new SiteSettings.EnvironmentTemplate(parts[0], parts[1], parts[2]);
  }

  private static SiteSettings.Pipelines pipelines(Checker c, ObjectNode m) {
    c.onlyKeys(m, "pipelines", PIPELINES);
    Optional<String> bridge = c.checked(m, "gather_bridge", "pipelines", false, SiteSettingsReader::checkJobName);
    List<String> jobs = c.strings(m, "gather_jobs", "pipelines", false, true, SiteSettingsReader::checkJobName)
        .orElse(List.of());
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < jobs.size(); i++) {
      if (!seen.add(jobs.get(i))) {
        c.error(YamlDocument.item("pipelines.gather_jobs", i), "'" + jobs.get(i) + "' is listed twice");
      }
    }
    return new SiteSettings.Pipelines(bridge, jobs);
  }

  /** A GitLab job name: one line, not hidden, not a keyword, short enough to carry {@code " for <arch>"}. */
  private static Optional<String> checkJobName(String name) {
    if (name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      return Optional.of("a job name is one line without control characters");
    }
    if (!name.equals(name.strip())) {
      return Optional.of("a job name has no leading or trailing spaces (GitLab would not find it)");
    }
    if (name.startsWith(".")) {
      return Optional.of("'" + name + "' starts with '.': GitLab never runs hidden jobs");
    }
    if (GITLAB_KEYWORDS.contains(name)) {
      return Optional.of("'" + name + "' is a GitLab keyword, not a job name");
    }
    if (name.length() > MAX_JOB_NAME) {
      return Optional.of("the job name is " + name.length() + " characters long; at most " + MAX_JOB_NAME
          + ", so that '<name> for <arch>' stays within GitLab's 255");
    }
    return Optional.empty();
  }

  private static SiteSettings.Limits limits(Checker c, ObjectNode m) {
    c.onlyKeys(m, "limits", LIMITS);
    SiteSettings.Limits d = SiteSettings.Limits.GITLAB_DEFAULTS;
    return new SiteSettings.Limits(
        c.integer(m, "pipeline_bytes", "limits", false, 1024).orElse(d.pipelineBytes()),
        c.integer(m, "jobs_per_pipeline", "limits", false, 0).orElse(d.jobsPerPipeline()),
        c.integer(m, "needs_per_job", "limits", false, 1).orElse(d.needsPerJob()),
        c.integer(m, "job_name_length", "limits", false, 16).orElse(d.jobNameLength()),
        c.integer(m, "needed_job_name_length", "limits", false, 16).orElse(d.neededJobNameLength()));
  }
}
