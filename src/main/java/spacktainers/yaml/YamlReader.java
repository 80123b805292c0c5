package spacktainers.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import spacktainers.common.AtomicFiles;
import spacktainers.common.InvalidInputException;

/**
 * Reads YAML into a Jackson tree with YAML 1.2 core-schema scalars (so {@code yes}, {@code on} and
 * {@code 1.10}-style versions are not silently turned into booleans or shortened floats), anchors,
 * aliases and merge keys ({@code <<}) resolved, key order kept, duplicate keys rejected, and the
 * limits of {@link YamlLimits} enforced. Every failure is an {@link InvalidInputException} naming the
 * file, line and column.
 */
public final class YamlReader {
  private static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+\\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+");

  private final YamlLimits limits;
  private final boolean shareAliases;
  private final int locationDepth;

  public YamlReader(YamlLimits limits) {
    this(limits, false, Integer.MAX_VALUE);
  }

  private YamlReader(YamlLimits limits, boolean shareAliases, int locationDepth) {
    this.limits = limits;
    this.shareAliases = shareAliases;
    this.locationDepth = locationDepth;
  }

  /**
   * A reader for big machine-written files (pipelines with thousands of aliases): every alias of a list or
   * mapping is the same Jackson node as its anchor instead of a copy, and locations are kept only down to
   * {@code locationDepth} levels ({@link YamlDocument#where} falls back to the nearest recorded parent). The
   * tree must then be treated as read-only: changing an aliased node changes it everywhere.
   */
  public YamlReader forMachineWrittenFiles(int locationDepth) {
    return new YamlReader(limits, true, locationDepth);
  }

  public YamlDocument read(Path file) {
    return read(file, file.toString());
  }

  /** Reads {@code file}, naming it {@code name} in locations and errors (e.g. relative to the user's folder). */
  public YamlDocument read(Path file, String name) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of(name, "no such file");
    } catch (IOException e) {
      throw InvalidInputException.of(name, "cannot read: " + AtomicFiles.describe(e));
    }
    if (size > limits.maxBytes()) {
      throw tooBig(name, size);
    }
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
      if (bytes.length > limits.maxBytes()) {
        throw tooBig(name, bytes.length);
      }
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw InvalidInputException.of(name, "not valid UTF-8 text");
    } catch (IOException e) {
      throw InvalidInputException.of(name, "cannot read: " + AtomicFiles.describe(e));
    }
    return parse(text, name);
  }

  public YamlDocument parse(String text, String sourceName) {
    if (text.length() > limits.maxBytes()) {
      throw tooBig(sourceName, text.length());
    }
    try (Reader reader = new StringReader(text)) {
      return new Converter(sourceName, reader).document();
    } catch (MarkedYAMLException e) {
      throw syntaxError(sourceName, e);
    } catch (YAMLException e) {
      throw InvalidInputException.of(sourceName, "invalid YAML: " + firstLine(e.getMessage()));
    } catch (IOException e) {
      throw InvalidInputException.of(sourceName, "cannot read: " + e.getMessage());
    }
  }

  private InvalidInputException tooBig(String name, long size) {
    return InvalidInputException.of(name, "file is " + size + " bytes, more than the limit of "
        + limits.maxBytes() + " bytes for this kind of file");
  }

  private static InvalidInputException syntaxError(String name, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String where = mark == null ? name : name + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    String problem = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
    String context = e.getContext();
    String what = context == null ? problem : context + ", " + problem;
    if (what.contains("Number of aliases")) {
      what = "too many aliases (a YAML alias bomb?): " + what;
    }
    return InvalidInputException.of(where, "invalid YAML: " + what.replace('\n', ' '));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * Builds the Jackson tree straight from the parser's events, without SnakeYAML's node graph (which keeps
   * two marks per node and made big pipeline files cost some 30 times their size in memory). An anchored
   * subtree is converted once and copied at each alias; the limits count the expanded size, so an alias
   * bomb is refused before it is expanded.
   */
  private final class Converter {
    private final String source;
    private final ParserImpl parser;
    private final Map<String, Location> locations = new HashMap<>();
    private final Map<String, Anchored> anchors = new HashMap<>();
    private final JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true);
    private long nodes;
    private int collectionAliases;

    /** A converted anchored subtree: its expanded node count and height, for the limits. */
    private record Anchored(JsonNode node, long size, int height) {}

    /** A converted node with the same figures. */
    private record Built(JsonNode node, long size, int height) {}

    Converter(String source, Reader reader) {
      this.source = source;
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()));
      this.parser = new ParserImpl(new StreamReader(reader), options);
    }

    YamlDocument document() {
      expect(Event.ID.StreamStart);
      if (parser.checkEvent(Event.ID.StreamEnd)) {
        return new YamlDocument(source, JsonNodeFactory.instance.nullNode(), Map.of());
      }
      expect(Event.ID.DocumentStart);
      JsonNode root = node("", 0).node();
      expect(Event.ID.DocumentEnd);
      if (!parser.checkEvent(Event.ID.StreamEnd)) {
        throw InvalidInputException.of(where(parser.peekEvent().getStartMark()),
            "expected a single document, but found another");
      }
      return new YamlDocument(source, root, locations);
    }

    private void expect(Event.ID id) {
      Event e = parser.getEvent();
      if (!e.is(id)) {
        throw InvalidInputException.of(where(e.getStartMark()), "invalid YAML: unexpected " + e.getEventId());
      }
    }

    private Built node(String path, int depth) {
      Event e = parser.getEvent();
      if (e instanceof AliasEvent alias) {
        return alias(alias, depth);
      }
      count(1, e.getStartMark());
      if (depth > limits.maxDepth()) {
        throw InvalidInputException.of(where(e.getStartMark()), "nesting deeper than " + limits.maxDepth()
            + " levels");
      }
      if (depth <= locationDepth) {
        locations.putIfAbsent(path, location(e.getStartMark()));
      }
      String anchor = e instanceof NodeEvent n ? n.getAnchor() : null;
      if (anchor != null) {
        anchors.put(anchor, null); // being built: an alias to it now would be recursive
      }
      Built built;
      if (e instanceof ScalarEvent scalar) {
        built = new Built(scalar(scalar), 1, 0);
      } else if (e.is(Event.ID.SequenceStart)) {
        built = sequence(path, depth);
      } else if (e.is(Event.ID.MappingStart)) {
        built = mapping(path, depth);
      } else {
        throw InvalidInputException.of(where(e.getStartMark()), "invalid YAML: unexpected " + e.getEventId());
      }
      if (anchor != null) {
        anchors.put(anchor, new Anchored(built.node(), built.size(), built.height()));
      }
      return built;
    }

    private Built alias(AliasEvent alias, int depth) {
      if (!anchors.containsKey(alias.getAnchor())) {
        throw InvalidInputException.of(where(alias.getStartMark()), "invalid YAML: found undefined alias *"
            + alias.getAnchor());
      }
      Anchored a = anchors.get(alias.getAnchor());
      if (a == null) {
        throw InvalidInputException.of(where(alias.getStartMark()), "invalid YAML: recursive alias *"
            + alias.getAnchor() + " (a structure that contains itself)");
      }
      if (a.node().isContainerNode() && ++collectionAliases > limits.maxAliases()) {
        throw InvalidInputException.of(where(alias.getStartMark()), "invalid YAML: too many aliases (a YAML alias "
            + "bomb?): more than " + limits.maxAliases() + " aliases to lists or mappings");
      }
      count(a.size(), alias.getStartMark());
      if (depth + a.height() > limits.maxDepth()) {
        throw InvalidInputException.of(where(alias.getStartMark()), "nesting deeper than " + limits.maxDepth()
            + " levels");
      }
      boolean copy = a.node().isContainerNode() && !shareAliases;
      return new Built(copy ? a.node().deepCopy() : a.node(), a.size(), a.height());
    }

    private void count(long n, Mark mark) {
      nodes += n;
      if (nodes > limits.maxNodes()) {
        throw InvalidInputException.of(where(mark), "document expands to more than " + limits.maxNodes()
            + " nodes (aliases included); refusing to read it");
      }
    }

    private Built sequence(String path, int depth) {
      ArrayNode array = f.arrayNode();
      long size = 1;
      int height = 0;
      for (int i = 0; !parser.checkEvent(Event.ID.SequenceEnd); i++) {
        Built item = node(YamlDocument.item(path, i), depth + 1);
        array.add(item.node());
        size += item.size();
        height = Math.max(height, item.height() + 1);
      }
      parser.getEvent();
      return new Built(array, size, height);
    }

    private Built mapping(String path, int depth) {
      LinkedHashMap<String, JsonNode> out = new LinkedHashMap<>();
      Set<String> explicit = new HashSet<>();
      long size = 1;
      int height = 0;
      while (!parser.checkEvent(Event.ID.MappingEnd)) {
        Event keyEvent = parser.peekEvent();
        String key = key(keyEvent);
        if (isMergeKey(keyEvent)) {
          parser.getEvent();
          Built value = node(path, depth);
          merge(out, explicit, value.node(), keyEvent.getStartMark());
          size += value.size();
          height = Math.max(height, value.height());
          continue;
        }
        parser.getEvent();
        if (!explicit.add(key)) {
          throw InvalidInputException.of(where(keyEvent.getStartMark()), "duplicate key '" + key + "'"
              + (path.isEmpty() ? "" : " in " + path));
        }
        String childPath = YamlDocument.child(path, key);
        if (depth + 1 <= locationDepth) {
          locations.putIfAbsent(childPath, location(keyEvent.getStartMark()));
        }
        count(1, keyEvent.getStartMark());
        Built value = node(childPath, depth + 1);
        out.put(key, value.node());
        size += 1 + value.size();
        height = Math.max(height, value.height() + 1);
      }
      parser.getEvent();
      ObjectNode object = f.objectNode();
      object.setAll(out);
      return new Built(object, size, height);
    }

    /** A mapping key as text; keys must be scalars (or aliases of scalars). */
    private String key(Event e) {
      if (e instanceof ScalarEvent s) {
        return s.getValue();
      }
      if (e instanceof AliasEvent a) {
        Anchored an = anchors.get(a.getAnchor());
        if (an != null && an.node().isValueNode()) {
          return an.node().asText();
        }
      }
      throw InvalidInputException.of(where(e.getStartMark()), "mapping keys must be plain values, not "
          + (e.is(Event.ID.MappingStart) ? "mappings" : "sequences"));
    }

    private boolean isMergeKey(Event e) {
      return e instanceof ScalarEvent s && "<<".equals(s.getValue())
          && (s.getTag() == null && s.getImplicit().canOmitTagInPlainScalar()
              || Tag.MERGE.getValue().equals(s.getTag()));
    }

    /** YAML merge keys: merged keys never override explicit ones; earlier merged maps win. */
    private void merge(Map<String, JsonNode> out, Set<String> explicit, JsonNode value, Mark mark) {
      List<JsonNode> sources = new ArrayList<>();
      if (value.isObject()) {
        sources.add(value);
      } else if (value.isArray()) {
        value.forEach(sources::add);
      }
      if (sources.isEmpty() || sources.stream().anyMatch(n -> !n.isObject())) {
        throw InvalidInputException.of(where(mark), "a merge key (<<) needs a mapping or a list of mappings");
      }
      Set<String> merged = new HashSet<>();
      for (JsonNode source : sources) {
        source.properties().forEach(e -> {
          if (!explicit.contains(e.getKey()) && merged.add(e.getKey())) {
            out.put(e.getKey(), e.getValue());
          }
        });
      }
    }

    private JsonNode scalar(ScalarEvent e) {
      String v = e.getValue();
      String tag = e.getTag();
      if (tag == null) {
        return e.getImplicit().canOmitTagInPlainScalar() ? plain(v) : f.textNode(v);
      }
      if (tag.equals("!") || tag.equals(Tag.STR.getValue())) {
        return f.textNode(v);
      }
      if (tag.equals(Tag.NULL.getValue())) {
        return f.nullNode();
      }
      JsonNode typed = plain(v);
      if (tag.equals(Tag.BOOL.getValue()) && typed.isBoolean()
          || tag.equals(Tag.INT.getValue()) && typed.isIntegralNumber()
          || tag.equals(Tag.FLOAT.getValue()) && typed.isNumber()) {
        return typed;
      }
      // Other explicit tags (GitLab's !reference, custom ones) keep their text.
      return f.textNode(v);
    }

    private JsonNode plain(String v) {
      if (v.isEmpty()) {
        return f.nullNode();
      }
      char c = v.charAt(0);
      if (c == '~' && v.length() == 1 || (c == 'n' || c == 'N') && isOneOf(v, "null", "Null", "NULL")) {
        return f.nullNode();
      }
      if ((c == 't' || c == 'T') && isOneOf(v, "true", "True", "TRUE")) {
        return f.booleanNode(true);
      }
      if ((c == 'f' || c == 'F') && isOneOf(v, "false", "False", "FALSE")) {
        return f.booleanNode(false);
      }
      if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
        if (INT.matcher(v).matches()) {
          BigInteger big = new BigInteger(v.startsWith("+") ? v.substring(1) : v);
          return big.bitLength() < 64 ? f.numberNode(big.longValue()) : f.numberNode(big);
        }
        if (FLOAT.matcher(v).matches() && v.chars().anyMatch(Character::isDigit)) {
          return f.numberNode(new BigDecimal(v.startsWith("+") ? v.substring(1) : v));
        }
      }
      return f.textNode(v);
    }

    private static boolean isOneOf(String v, String a, String b, String c) {
      return v.equals(a) || v.equals(b) || v.equals(c);
    }

    private Location location(Mark m) {
      return m == null ? new Location(0, 0) : new Location(m.getLine() + 1, m.getColumn() + 1);
    }

    private String where(Mark m) {
      return m == null ? source : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }
  }
}
