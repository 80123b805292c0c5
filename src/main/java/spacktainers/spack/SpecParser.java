package spacktainers.spack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import spacktainers.common.InvalidInputException;

/**
 * Parses one Spack spec string into a {@link Spec}, following Spack 1.x binding rules: attributes bind
 * to the node written last; {@code ^dep} starts a transitive dependency of the root; {@code %dep} a
 * direct dependency of the node it follows (the root or the last {@code ^} node), so in
 * {@code hdf5 ^zlib %gcc@12} the compiler belongs to zlib. Whitespace is allowed between parts and
 * after {@code @ % ^}. A second package name in one string is an error (it would be a second spec).
 */
public final class SpecParser {
  private final String text;
  private int pos;

  private SpecParser(String text) {
    this.text = text;
  }

  /**
   * Parses {@code text}; on a syntax error throws an {@link InvalidInputException} located at
   * {@code where} (a file and key path) whose message quotes the spec and names the column.
   */
  public static Spec parse(String text, String where) {
    try {
      return new SpecParser(text).spec();
    } catch (SyntaxError e) {
      throw InvalidInputException.of(where, "invalid spec '" + text + "': " + e.getMessage()
          + (e.column >= 0 ? " (column " + (e.column + 1) + ")" : ""));
    }
  }

  private Spec spec() {
    if (text.isBlank()) {
      throw new SyntaxError("empty spec", -1);
    }
    Node root = new Node();
    Node current = root;
    Node owner = root; // the node a '%' attaches to
    while (true) {
      boolean afterSpace = skipSpace() || pos == 0;
      if (pos >= text.length()) {
        break;
      }
      char c = text.charAt(pos);
      switch (c) {
        case '^' -> {
          pos++;
          Node dep = dependency(root, Spec.Dependency.Kind.TRANSITIVE);
          current = dep;
          owner = dep;
        }
        case '%' -> {
          pos++;
          if (pos < text.length() && text.charAt(pos) == '%') {
            pos++; // '%%': a direct dependency propagated to the whole sub-DAG; same edge for us
          }
          current = dependency(owner, Spec.Dependency.Kind.DIRECT);
        }
        case '@' -> {
          int at = pos++;
          skipSpace();
          if (current.versions != null) {
            throw new SyntaxError("a second version for " + current.label(), at);
          }
          current.versions = version();
        }
        case '+', '~' -> variantFlag(current, c == '+');
        case '-' -> {
          if (!afterSpace) {
            throw new SyntaxError("'-' disables a variant only after a space (or use '~')", pos);
          }
          variantFlag(current, false);
        }
        case '/' -> {
          int at = pos++;
          String hash = run(SpecParser::isHashChar);
          if (hash.isEmpty()) {
            throw new SyntaxError("'/' must be followed by a hash", at);
          }
          if (current.hash != null) {
            throw new SyntaxError("a second hash for " + current.label(), at);
          }
          current.hash = hash;
        }
        default -> {
          if (!isNameStart(c)) {
            throw new SyntaxError("unexpected '" + c + "'", pos);
          }
          int start = pos;
          String word = run(SpecParser::isNameChar);
          if (pos < text.length() && text.charAt(pos) == '=') {
            current.variants.add(keyValue(word, start));
          } else if (current == root && root.isEmpty()) {
            root.setName(word, start);
          } else {
            throw new SyntaxError("unexpected package name '" + word + "': one entry holds one spec"
                + " (attach dependencies with '^' or '%')", start);
          }
        }
      }
    }
    if (root.isEmpty()) {
      throw new SyntaxError("empty spec", -1);
    }
    return root.build();
  }

  private Node dependency(Node owner, Spec.Dependency.Kind kind) {
    int sigil = pos - 1;
    List<Variant> edge = new ArrayList<>();
    if (pos < text.length() && text.charAt(pos) == '[') {
      edge.addAll(edgeAttributes());
    }
    skipSpace();
    // Spack 1.x virtual assignment: '%c,cxx=gcc@12' means gcc provides c and cxx on this edge.
    int save = pos;
    String virtuals = run(ch -> isNameChar(ch) || ch == ',');
    if (!virtuals.isEmpty() && pos < text.length() && text.charAt(pos) == '='
        && (pos + 1 >= text.length() || text.charAt(pos + 1) != '=')) {
      pos++;
      edge.add(Variant.value("virtuals", virtuals, false));
    } else {
      pos = save;
    }
    Node node = new Node();
    if (pos < text.length() && text.charAt(pos) == '/') {
      owner.dependencies.add(new Pending(kind, edge, node));
      return node; // anonymous dependency given by hash: '^/abcdef'
    }
    int start = pos;
    String name = run(SpecParser::isNameChar);
    if (name.isEmpty()) {
      throw new SyntaxError("'" + text.charAt(sigil) + "' must be followed by a package name", sigil);
    }
    if (pos < text.length() && text.charAt(pos) == '=') {
      throw new SyntaxError("'" + text.charAt(sigil) + "' must be followed by a package name, not '"
          + name + "='", start);
    }
    node.setName(name, start);
    owner.dependencies.add(new Pending(kind, edge, node));
    return node;
  }

  private List<Variant> edgeAttributes() {
    int open = pos++;
    List<Variant> attrs = new ArrayList<>();
    while (true) {
      skipSpace();
      if (pos >= text.length()) {
        throw new SyntaxError("unclosed '['", open);
      }
      if (text.charAt(pos) == ']') {
        pos++;
        return attrs;
      }
      int start = pos;
      String key = run(SpecParser::isNameChar);
      if (key.isEmpty() || pos >= text.length() || text.charAt(pos) != '=') {
        throw new SyntaxError("expected key=value inside '[...]'", start);
      }
      attrs.add(keyValue(key, start));
    }
  }

  private void variantFlag(Node current, boolean enabled) {
    int start = pos;
    char sigil = text.charAt(pos++);
    boolean propagate = pos < text.length() && text.charAt(pos) == sigil;
    if (propagate) {
      pos++;
    }
    String name = run(SpecParser::isNameChar);
    if (name.isEmpty() || name.contains(".")) {
      throw new SyntaxError("'" + sigil + "' must be followed by a variant name", start);
    }
    current.variants.add(enabled ? Variant.enabled(name, propagate) : Variant.disabled(name, propagate));
  }

  private Variant keyValue(String key, int start) {
    if (key.contains(".")) {
      throw new SyntaxError("invalid attribute name '" + key + "'", start);
    }
    pos++; // '='
    boolean propagate = pos < text.length() && text.charAt(pos) == '=';
    if (propagate) {
      pos++;
    }
    String value;
    if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
      char quote = text.charAt(pos);
      int end = text.indexOf(quote, pos + 1);
      if (end < 0) {
        throw new SyntaxError("unclosed quote in the value of '" + key + "'", pos);
      }
      value = text.substring(pos + 1, end);
      pos = end + 1;
    } else {
      value = run(SpecParser::isValueChar);
      if (value.isEmpty()) {
        throw new SyntaxError("missing value after '" + key + "='", start);
      }
    }
    return Variant.value(key, value, propagate);
  }

  private VersionConstraint version() {
    int start = pos;
    StringBuilder sb = new StringBuilder();
    boolean git = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (isVersionChar(c) || c == '/' && git) {
        sb.append(c);
        pos++;
        git = git || sb.indexOf("git.") >= 0;
      } else {
        break;
      }
    }
    String v = sb.toString();
    if (v.isEmpty()) {
      throw new SyntaxError("'@' must be followed by a version, a range or a list", start);
    }
    for (String element : v.split(",", -1)) {
      checkVersionElement(element, start);
    }
    return new VersionConstraint(v);
  }

  private static void checkVersionElement(String element, int at) {
    if (element.isEmpty()) {
      throw new SyntaxError("empty element in version list", at);
    }
    if (element.indexOf(':') >= 0) {
      String[] ends = element.split(":", -1);
      if (ends.length != 2 || ends[0].isEmpty() && ends[1].isEmpty()) {
        throw new SyntaxError("invalid version range '" + element + "'", at);
      }
      for (String end : ends) {
        if (!end.isEmpty() && !isPlainVersion(end.startsWith("=") ? end.substring(1) : end)) {
          throw new SyntaxError("invalid version '" + end + "' in range", at);
        }
      }
      return;
    }
    String v = element.startsWith("=") ? element.substring(1) : element;
    int eq = v.lastIndexOf('=');
    if (eq >= 0) {
      // git reference pinned to a known version: 'git.<ref>=<version>' or '<commit>=<version>'
      if (eq == 0 || !isPlainVersion(v.substring(eq + 1)) || v.substring(0, eq).contains("=")) {
        throw new SyntaxError("invalid version '" + element + "'", at);
      }
      return;
    }
    if (!isPlainVersion(v)) {
      throw new SyntaxError("invalid version '" + element + "'", at);
    }
  }

  private static boolean isPlainVersion(String v) {
    if (v.isEmpty() || v.startsWith(".") || v.endsWith(".") || v.contains("..")) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private boolean skipSpace() {
    int start = pos;
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return pos > start;
  }

  private String run(CharTest test) {
    int start = pos;
    while (pos < text.length() && test.accepts(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private static boolean isNameStart(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || c == '-' || c == '.';
  }

  private static boolean isHashChar(char c) {
    return c < 128 && Character.isLetterOrDigit(c);
  }

  private static boolean isVersionChar(char c) {
    return c < 128 && Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == ':'
        || c == ',' || c == '=';
  }

  private static boolean isValueChar(char c) {
    return c < 128 && Character.isLetterOrDigit(c) || "_-+*.,:=~/\\".indexOf(c) >= 0;
  }

  @FunctionalInterface
  private interface CharTest {
    boolean accepts(char c);
  }

  private record Pending(Spec.Dependency.Kind kind, List<Variant> edge, Node node) {}

  /** A node being built; turned into an immutable {@link Spec} at the end. */
  private static final class Node {
    String name = "";
    String namespace;
    VersionConstraint versions;
    String hash;
    final List<Variant> variants = new ArrayList<>();
    final List<Pending> dependencies = new ArrayList<>();

    boolean isEmpty() {
      return name.isEmpty() && versions == null && hash == null && variants.isEmpty() && dependencies.isEmpty();
    }

    void setName(String qualified, int at) {
      if (qualified.startsWith(".") || qualified.endsWith(".") || qualified.contains("..")
          || qualified.startsWith("-")) {
        throw new SyntaxError("invalid package name '" + qualified + "'", at);
      }
      int dot = qualified.lastIndexOf('.');
      name = dot < 0 ? qualified : qualified.substring(dot + 1);
      namespace = dot < 0 ? null : qualified.substring(0, dot);
    }

    String label() {
      return name.isEmpty() ? "the anonymous spec" : "'" + name + "'";
    }

    Spec build() {
      List<Spec.Dependency> deps = new ArrayList<>();
      for (Pending p : dependencies) {
        deps.add(new Spec.Dependency(p.kind(), p.edge(), p.node().build()));
      }
      return new Spec(name, Optional.ofNullable(namespace), Optional.ofNullable(versions), variants,
          Optional.ofNullable(hash), deps);
    }
  }

  /** A syntax error at a column (or -1), turned into an input error by {@link #parse}. */
  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int column;

    SyntaxError(String message, int column) {
      super(message, null, false, false);
      this.column = column;
    }
  }
}
