package spacktainers.spack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;
import spacktainers.common.Problems;

/**
 * A concretized Spack environment ({@code spack.lock}), read from every lockfile version Spack has
 * written (v1 of Spack 0.12 to v7 of Spack 1.2) into one shape: the roots in order, and every
 * concrete node with its DAG hash, name, version, arch and dependency edges.
 *
 * <p>Differences between versions are absorbed here: v1 and v2 nodes are wrapped in a
 * {@code {name: {...}}} mapping with dependencies as a mapping; v1 is keyed by DAG hash and its nodes
 * carry no {@code hash}; v2 and v3 are keyed by build hash (the node's {@code hash} field is its DAG
 * hash, so a node without one is refused; v3 dependency edges name {@code build_hash});
 * v5+ edges carry {@code parameters.deptypes} and {@code virtuals}; v7 roots may carry a group;
 * {@code include_concrete} (0.22+) nests whole environments, whose nodes are collected too.
 */
public final class SpackLock {
  /** Lockfiles of large environments reach tens of MB; refuse anything absurd. */
  public static final long MAX_BYTES = 512L << 20;

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(200).maxStringLength(64 << 20).build());
  }

  private final String source;
  private final int lockfileVersion;
  private final Optional<String> spackVersion;
  private final List<Root> roots;
  private final Map<String, ConcreteSpec> byKey;
  private final Map<String, ConcreteSpec> byHash;
  private final List<Included> included;

  private SpackLock(String source, int lockfileVersion, Optional<String> spackVersion, List<Root> roots,
      Map<String, ConcreteSpec> byKey, List<Included> included) {
    this.source = source;
    this.lockfileVersion = lockfileVersion;
    this.spackVersion = spackVersion;
    this.roots = List.copyOf(roots);
    this.byKey = Collections.unmodifiableMap(byKey);
    Map<String, ConcreteSpec> hashes = new LinkedHashMap<>();
    byKey.values().forEach(s -> hashes.putIfAbsent(s.hash(), s));
    this.byHash = Collections.unmodifiableMap(hashes);
    this.included = List.copyOf(included);
  }

  /** Reads a lockfile; a missing, unreadable or malformed file is an {@link InvalidInputException}. */
  public static SpackLock read(Path file) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw InvalidInputException.of(name, "is a directory, not a spack.lock file");
    }
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw InvalidInputException.of(name, "file is " + size + " bytes, more than the limit of "
            + MAX_BYTES + " bytes for a spack.lock");
      }
      return parse(Files.readAllBytes(file), name);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of(name, "no such file");
    } catch (IOException e) {
      throw InvalidInputException.of(name, "cannot read: " + AtomicFiles.describe(e));
    }
  }

  public static SpackLock parse(String json, String source) {
    return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), source);
  }

  public static SpackLock parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? source
          : source + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
      throw InvalidInputException.of(where, "not a valid spack.lock (JSON): " + e.getOriginalMessage(),
          "a Spack lockfile is the JSON file spack.lock that spack concretize writes next to spack.yaml");
    } catch (IOException e) {
      throw InvalidInputException.of(source, "cannot read: " + AtomicFiles.describe(e));
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of(source, "not a spack.lock: expected a JSON object");
    }
    JsonNode meta = root.path("_meta");
    JsonNode type = meta.path("file-type");
    if (!"spack-lockfile".equals(type.asText())) {
      throw InvalidInputException.of(source, "not a spack.lock: _meta.file-type is "
          + (type.isValueNode() ? "'" + type.asText() + "'" : "missing") + ", expected 'spack-lockfile'");
    }
    JsonNode version = meta.path("lockfile-version");
    if (!version.isIntegralNumber() || version.intValue() < 1) {
      throw InvalidInputException.of(source, "_meta.lockfile-version must be a positive integer");
    }
    if (!root.has("concrete_specs")) {
      throw InvalidInputException.of(source + ": concrete_specs", "missing; a spack.lock maps hashes to specs");
    }
    Optional<String> spack = Optional.ofNullable(root.path("spack").path("version").textValue());
    return section(root, source, version.intValue(), spack, "");
  }

  private static SpackLock section(JsonNode node, String source, int version, Optional<String> spack,
      String path) {
    Reader reader = new Reader(source, path, version);
    Map<String, ConcreteSpec> specs = reader.concreteSpecs(node.path("concrete_specs"));
    List<Root> roots = reader.roots(node.path("roots"), specs);
    List<Included> included = new ArrayList<>();
    JsonNode inc = node.path("include_concrete");
    if (inc.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = inc.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        included.add(new Included(e.getKey(),
            section(e.getValue(), source, version, spack, path + "include_concrete." + e.getKey() + ".")));
      }
    }
    return new SpackLock(source, version, spack, roots, specs, included);
  }

  public String source() {
    return source;
  }

  public int lockfileVersion() {
    return lockfileVersion;
  }

  /** The Spack version that wrote the lock ({@code spack.version}, v4+ and optional). */
  public Optional<String> spackVersion() {
    return spackVersion;
  }

  /** The environment's roots in lockfile order (not those of included environments). */
  public List<Root> roots() {
    return roots;
  }

  /** Every concrete node of this environment keyed by its lockfile key, in file order. */
  public Map<String, ConcreteSpec> concreteSpecs() {
    return byKey;
  }

  /** Environments included with {@code include_concrete}, in file order. */
  public List<Included> included() {
    return included;
  }

  /** A node by DAG hash or lockfile key, here or in an included environment. */
  public Optional<ConcreteSpec> spec(String hashOrKey) {
    ConcreteSpec s = byHash.get(hashOrKey);
    if (s == null) {
      s = byKey.get(hashOrKey);
    }
    if (s == null) {
      for (Included i : included) {
        Optional<ConcreteSpec> found = i.lock().spec(hashOrKey);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.ofNullable(s);
  }

  /**
   * The DAG hashes of every node, included environments too, in file order without duplicates: the
   * set of build-cache entries this environment needs (externals have no cache entry; see
   * {@link ConcreteSpec#external()}).
   */
  public Set<String> dagHashes() {
    Set<String> all = new LinkedHashSet<>(byHash.keySet());
    for (Included i : included) {
      all.addAll(i.lock().dagHashes());
    }
    return Collections.unmodifiableSet(all);
  }

  /** The concrete node of the first root whose abstract spec names {@code packageName}. */
  public Optional<ConcreteSpec> rootFor(String packageName) {
    for (Root r : roots) {
      if (r.packageName().equals(Optional.of(packageName))) {
        return spec(r.hash());
      }
    }
    return Optional.empty();
  }

  /** The transitive dependencies of a node (by DAG hash), the node excluded, in breadth-first order. */
  public List<ConcreteSpec> dependenciesOf(String hash) {
    List<ConcreteSpec> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    seen.add(hash);
    List<String> queue = new ArrayList<>(List.of(hash));
    for (int i = 0; i < queue.size(); i++) {
      Optional<ConcreteSpec> node = spec(queue.get(i));
      if (node.isEmpty()) {
        continue;
      }
      for (Dependency d : node.get().dependencies()) {
        if (seen.add(d.hash())) {
          queue.add(d.hash());
          spec(d.hash()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** A root: the abstract spec the user wrote and the DAG hash it was concretized to. */
  public record Root(String hash, String spec, Optional<String> group) {
    /** The package name of the abstract spec, if it names one and parses. */
    public Optional<String> packageName() {
      try {
        Spec parsed = SpecParser.parse(spec, "");
        return parsed.isAnonymous() ? Optional.empty() : Optional.of(parsed.name());
      } catch (InvalidInputException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * One concrete node.
   *
   * @param key the lockfile key (the DAG hash from v4 on; a build hash in v2 and v3)
   * @param hash the DAG hash (build-cache entries are named by it)
   * @param arch platform, os and target when recorded
   * @param compiler the node's compiler attribute (lockfiles before v6; v6+ model compilers as
   *     dependencies)
   * @param node the raw node mapping, for readers that need more
   */
  public record ConcreteSpec(String key, String hash, String name, String version, Optional<Arch> arch,
      Optional<Compiler> compiler, List<Dependency> dependencies, boolean external, JsonNode node) {
    public ConcreteSpec {
      dependencies = List.copyOf(dependencies);
    }
  }

  /** A dependency edge, resolved to the dependency's DAG hash. */
  public record Dependency(String name, String hash, List<String> deptypes, List<String> virtuals) {
    public Dependency {
      deptypes = List.copyOf(deptypes);
      virtuals = List.copyOf(virtuals);
    }
  }

  /** The {@code arch} of a node; {@code target} is the name when Spack wrote a microarchitecture mapping. */
  public record Arch(String platform, String os, String target) {}

  /** The {@code compiler} attribute of a node (lockfiles before v6). */
  public record Compiler(String name, String version) {}

  /** An environment included with {@code include_concrete}, by the path Spack recorded. */
  public record Included(String path, SpackLock lock) {}

  /** Reads one lock section, reporting malformed parts with a key path. */
  private static final class Reader {
    private final String source;
    private final String path;
    private final int version;

    Reader(String source, String path, int version) {
      this.source = source;
      this.path = path;
      this.version = version;
    }

    private InvalidInputException bad(String key, String message) {
      return InvalidInputException.of(source + ": " + path + key, message);
    }

    Map<String, ConcreteSpec> concreteSpecs(JsonNode specs) {
      if (specs.isMissingNode() || specs.isNull()) {
        return new LinkedHashMap<>();
      }
      if (!specs.isObject()) {
        throw bad("concrete_specs", "must be a mapping of hash to spec");
      }
      // First pass: node data and its own hash; second: resolve edges to DAG hashes.
      Map<String, JsonNode> data = new LinkedHashMap<>();
      Map<String, String> names = new HashMap<>();
      Map<String, String> keyByHash = new HashMap<>();
      Map<String, String> hashByKey = new HashMap<>();
      Problems missingHashes = new Problems();
      for (Iterator<Map.Entry<String, JsonNode>> it = specs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode node = e.getValue();
        if (!node.isObject()) {
          throw bad("concrete_specs." + key, "must be a mapping");
        }
        String name;
        JsonNode body;
        if (node.hasNonNull("name") && node.get("name").isTextual()) {
          name = node.get("name").textValue();
          body = node;
        } else {
          // v1/v2 specfile: {"zlib": {...}}, sometimes with hash fields beside the name key
          Map.Entry<String, JsonNode> wrapped = null;
          for (Iterator<Map.Entry<String, JsonNode>> f = node.fields(); f.hasNext() && wrapped == null; ) {
            Map.Entry<String, JsonNode> candidate = f.next();
            if (candidate.getValue().isObject()) {
              wrapped = candidate;
            }
          }
          if (wrapped == null) {
            throw bad("concrete_specs." + key, "has no package name");
          }
          name = wrapped.getKey();
          body = wrapped.getValue();
        }
        Optional<String> own = text(body, "hash").or(() -> text(node, "hash"));
        if (own.isEmpty() && version >= 2 && version <= 3) {
          missingHashes.add(source + ": " + path + "concrete_specs." + key, "lockfile v" + version
              + " node has no 'hash' field, so its DAG hash is unknown (v2 and v3 are keyed by build hash)",
              "regenerate the lockfile with a newer Spack (spack concretize -f)");
          continue;
        }
        String hash = own.orElse(key);
        data.put(key, body);
        names.put(key, name);
        hashByKey.put(key, hash);
        keyByHash.putIfAbsent(hash, key);
      }
      missingHashes.throwIfAny();
      Map<String, ConcreteSpec> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : data.entrySet()) {
        String key = e.getKey();
        JsonNode body = e.getValue();
        String where = "concrete_specs." + key;
        List<Dependency> deps = dependencies(body.path("dependencies"), where, hashByKey, keyByHash);
        out.put(key, new ConcreteSpec(key, hashByKey.get(key), names.get(key), versionOf(body),
            arch(body.path("arch")), compiler(body.path("compiler")), deps,
            body.path("external").isObject() && body.path("external").size() > 0, body));
      }
      return out;
    }

    private List<Dependency> dependencies(JsonNode deps, String where, Map<String, String> hashByKey,
        Map<String, String> keyByHash) {
      List<Dependency> out = new ArrayList<>();
      if (deps.isMissingNode() || deps.isNull()) {
        return out;
      }
      if (deps.isObject()) { // v1/v2: {depname: {hash, type}} or {depname: "hash"}
        for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          out.add(edge(e.getKey(), e.getValue(), where + ".dependencies." + e.getKey(), hashByKey, keyByHash));
        }
        return out;
      }
      if (!deps.isArray()) {
        throw bad(where + ".dependencies", "must be a list or a mapping");
      }
      for (int i = 0; i < deps.size(); i++) {
        JsonNode d = deps.get(i);
        String at = where + ".dependencies[" + i + "]";
        String name = text(d, "name").orElseThrow(() -> bad(at, "dependency has no name"));
        out.add(edge(name, d, at, hashByKey, keyByHash));
      }
      return out;
    }

    private Dependency edge(String name, JsonNode d, String at, Map<String, String> hashByKey,
        Map<String, String> keyByHash) {
      String ref = d.isTextual() ? d.textValue()
          : text(d, "build_hash").filter(hashByKey::containsKey).or(() -> text(d, "hash")).orElse("");
      if (ref.isEmpty()) {
        throw bad(at, "dependency has no hash");
      }
      // A reference is a lockfile key (v1, v3 build_hash, v4+) or a DAG hash (v2): map both to the DAG hash.
      String hash = hashByKey.containsKey(ref) ? hashByKey.get(ref)
          : keyByHash.containsKey(ref) ? hashByKey.get(keyByHash.get(ref)) : ref;
      JsonNode params = d.path("parameters");
      List<String> types = strings(params.has("deptypes") ? params.get("deptypes") : d.path("type"));
      List<String> virtuals = strings(params.has("virtuals") ? params.get("virtuals") : d.path("virtuals"));
      return new Dependency(name, hash, types, virtuals);
    }

    List<Root> roots(JsonNode roots, Map<String, ConcreteSpec> specs) {
      List<Root> out = new ArrayList<>();
      if (roots.isMissingNode() || roots.isNull()) {
        return out;
      }
      if (!roots.isArray()) {
        throw bad("roots", "must be a list");
      }
      for (int i = 0; i < roots.size(); i++) {
        JsonNode r = roots.get(i);
        String at = "roots[" + i + "]";
        String key = text(r, "hash").orElseThrow(() -> bad(at, "root has no hash"));
        String spec = text(r, "spec").orElseThrow(() -> bad(at, "root has no spec"));
        ConcreteSpec node = specs.get(key);
        if (node == null) {
          throw bad(at, "root hash " + key + " is not in concrete_specs");
        }
        out.add(new Root(node.hash(), spec, text(r, "group")));
      }
      return out;
    }

    private static String versionOf(JsonNode body) {
      JsonNode v = body.path("version");
      if (v.isTextual() || v.isNumber()) {
        return v.asText();
      }
      // Pre-0.17 nodes sometimes held a list of versions; a concrete node has exactly one.
      if (v.isArray() && v.size() == 1) {
        return v.get(0).asText();
      }
      JsonNode versions = body.path("versions");
      if (versions.isArray() && versions.size() == 1) {
        return versions.get(0).asText();
      }
      return "";
    }

    private static Optional<Arch> arch(JsonNode a) {
      if (!a.isObject()) {
        return Optional.empty();
      }
      JsonNode t = a.path("target");
      String target = t.isObject() ? t.path("name").asText("") : t.asText("");
      return Optional.of(new Arch(a.path("platform").asText(""), a.path("platform_os").asText(""), target));
    }

    private static Optional<Compiler> compiler(JsonNode c) {
      if (!c.isObject() || !c.hasNonNull("name")) {
        return Optional.empty();
      }
      JsonNode v = c.path("version");
      String version = v.isArray() ? (v.size() > 0 ? v.get(0).asText() : "") : v.asText("");
      return Optional.of(new Compiler(c.get("name").asText(), version));
    }

    private static Optional<String> text(JsonNode n, String field) {
      if (n == null) {
        return Optional.empty();
      }
      JsonNode v = n.get(field);
      return v != null && v.isTextual() && !v.textValue().isEmpty() ? Optional.of(v.textValue()) : Optional.empty();
    }

    private static List<String> strings(JsonNode n) {
      List<String> out = new ArrayList<>();
      if (n.isArray()) {
        n.forEach(x -> out.add(x.asText()));
      } else if (n.isTextual()) {
        out.add(n.textValue());
      }
      return out;
    }
  }
}
