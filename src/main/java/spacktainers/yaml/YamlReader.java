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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
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
  private static final Tag PLAIN = new Tag("tag:spacktainers,2024:plain");
  private static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+\\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+");

  private final YamlLimits limits;

  public YamlReader(YamlLimits limits) {
    this.limits = limits;
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
    Node node;
    try (Reader reader = new StringReader(text)) {
      node = compose(reader);
    } catch (MarkedYAMLException e) {
      throw syntaxError(sourceName, e);
    } catch (YAMLException e) {
      throw InvalidInputException.of(sourceName, "invalid YAML: " + firstLine(e.getMessage()));
    } catch (IOException e) {
      throw InvalidInputException.of(sourceName, "cannot read: " + e.getMessage());
    }
    if (node == null) {
      return new YamlDocument(sourceName, JsonNodeFactory.instance.nullNode(), Map.of());
    }
    Converter converter = new Converter(sourceName);
    JsonNode root = converter.convert(node, "", 0);
    return new YamlDocument(sourceName, root, converter.locations);
  }

  private Node compose(Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(limits.maxAliases());
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(limits.maxDepth());
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()));
    options.setAllowDuplicateKeys(true); // duplicates are reported by the converter, with a location
    Composer composer = new Composer(new ParserImpl(new StreamReader(reader), options), new PlainResolver(), options);
    return composer.getSingleNode();
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

  /** Marks untagged plain scalars so the converter can apply YAML 1.2 core rules itself. */
  private static final class PlainResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      // none: plain scalars are resolved by Converter
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind == NodeId.scalar && implicit) {
        return PLAIN;
      }
      return super.resolve(kind, value, implicit);
    }
  }

  private final class Converter {
    private final String source;
    private final Map<String, Location> locations = new HashMap<>();
    private final Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true);
    private long nodes;

    Converter(String source) {
      this.source = source;
    }

    JsonNode convert(Node node, String path, int depth) {
      if (++nodes > limits.maxNodes()) {
        throw InvalidInputException.of(where(node), "document expands to more than " + limits.maxNodes()
            + " nodes (aliases included); refusing to read it");
      }
      if (depth > limits.maxDepth()) {
        throw InvalidInputException.of(where(node), "nesting deeper than " + limits.maxDepth() + " levels");
      }
      // Record locations only for the first occurrence; alias copies would multiply the map.
      boolean first = seen.add(node);
      if (first) {
        locations.putIfAbsent(path, location(node));
      }
      return switch (node.getNodeId()) {
        case scalar -> scalar((ScalarNode) node);
        case sequence -> sequence((SequenceNode) node, path, depth);
        case mapping -> mapping((MappingNode) node, path, depth);
        default -> throw InvalidInputException.of(where(node), "unsupported YAML node");
      };
    }

    private JsonNode sequence(SequenceNode node, String path, int depth) {
      ArrayNode array = f.arrayNode(node.getValue().size());
      List<Node> items = node.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(convert(items.get(i), YamlDocument.item(path, i), depth + 1));
      }
      return array;
    }

    private JsonNode mapping(MappingNode node, String path, int depth) {
      LinkedHashMap<String, JsonNode> out = new LinkedHashMap<>();
      Set<String> explicit = new HashSet<>();
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode instanceof ScalarNode sk && PLAIN.equals(sk.getTag()) && "<<".equals(sk.getValue())
            || Tag.MERGE.equals(keyNode.getTag())) {
          merge(out, explicit, tuple.getValueNode(), path, depth);
          continue;
        }
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          throw InvalidInputException.of(where(keyNode), "mapping keys must be plain values, not "
              + (keyNode.getNodeId() == NodeId.mapping ? "mappings" : "sequences"));
        }
        String key = scalarKey.getValue();
        if (!explicit.add(key)) {
          throw InvalidInputException.of(where(keyNode), "duplicate key '" + key + "'"
              + (path.isEmpty() ? "" : " in " + path));
        }
        String childPath = YamlDocument.child(path, key);
        if (seen.add(keyNode)) {
          locations.putIfAbsent(childPath, location(keyNode));
        }
        out.put(key, convert(tuple.getValueNode(), childPath, depth + 1));
      }
      ObjectNode object = f.objectNode();
      object.setAll(out);
      return object;
    }

    /** YAML merge keys: merged keys never override explicit ones; earlier merged maps win. */
    private void merge(Map<String, JsonNode> out, Set<String> explicit, Node value, String path, int depth) {
      List<Node> sources = new ArrayList<>();
      if (value instanceof MappingNode) {
        sources.add(value);
      } else if (value instanceof SequenceNode seq) {
        sources.addAll(seq.getValue());
      }
      if (sources.isEmpty() || sources.stream().anyMatch(n -> !(n instanceof MappingNode))) {
        throw InvalidInputException.of(where(value), "a merge key (<<) needs a mapping or a list of mappings");
      }
      Set<String> merged = new HashSet<>();
      for (Node source : sources) {
        JsonNode converted = convert(source, path, depth);
        converted.fields().forEachRemaining(e -> {
          if (!explicit.contains(e.getKey()) && merged.add(e.getKey())) {
            out.put(e.getKey(), e.getValue());
          }
        });
      }
    }

    private JsonNode scalar(ScalarNode node) {
      String v = node.getValue();
      Tag tag = node.getTag();
      if (PLAIN.equals(tag)) {
        return plain(v);
      }
      if (Tag.STR.equals(tag)) {
        return f.textNode(v);
      }
      if (Tag.NULL.equals(tag)) {
        return f.nullNode();
      }
      JsonNode typed = plain(v);
      if (Tag.BOOL.equals(tag) && typed.isBoolean()
          || Tag.INT.equals(tag) && typed.isIntegralNumber()
          || Tag.FLOAT.equals(tag) && typed.isNumber()) {
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

    private Location location(Node node) {
      Mark m = node.getStartMark();
      return m == null ? new Location(0, 0) : new Location(m.getLine() + 1, m.getColumn() + 1);
    }

    private String where(Node node) {
      Mark m = node.getStartMark();
      return m == null ? source : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }
  }
}
