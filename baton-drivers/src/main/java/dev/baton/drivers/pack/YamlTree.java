package dev.baton.drivers.pack;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a tree that remembers where each key and value was written, so that every
 * complaint about a pack can name its file, line and column.
 */
final class YamlTree {

  private static final YAMLFactory YAML = new YAMLFactory();

  /** A 1-based line and column. */
  record At(int line, int column) {
    static At of(JsonLocation l) {
      return l == null
          ? new At(1, 1)
          : new At(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** A node of the tree. */
  sealed interface Node permits MapNode, ListNode, Scalar {
    At at();
  }

  /** A key as written, where it was written, and its value. */
  record Member(String key, At keyAt, Node value) {}

  /** A mapping, in the order its keys were written. */
  record MapNode(At at, Map<String, Member> members) implements Node {}

  /** A list. */
  record ListNode(At at, List<Node> items) implements Node {}

  /** A single value; {@code text} is null for a YAML null. */
  record Scalar(At at, String text) implements Node {}

  private final String source;
  private final List<InputError> errors = new ArrayList<>();

  private YamlTree(String source) {
    this.source = source;
  }

  /** The tree of {@code text}, or every syntax problem, repeated key and alias found. */
  static Node read(String text, String source) throws BadInputException {
    YamlTree reader = new YamlTree(source);
    Node root;
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new BadInputException(new InputError(source, 1, 1, "the pack file is empty"));
      }
      root = reader.node(p, first);
      if (p.nextToken() != null) {
        reader.error(At.of(p.currentTokenLocation()), "a pack file holds one YAML document");
      }
    } catch (IOException e) {
      throw new BadInputException(syntax(source, e));
    }
    if (!reader.errors.isEmpty()) {
      throw new BadInputException(reader.errors);
    }
    return root;
  }

  private Node node(JsonParser p, JsonToken t) throws IOException {
    At at = At.of(p.currentTokenLocation());
    if (((YAMLParser) p).isCurrentAlias()) {
      error(at, "YAML aliases (*name) are not supported in a pack; write the value out");
    }
    if (t == JsonToken.START_OBJECT) {
      Map<String, Member> members = new LinkedHashMap<>();
      for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
        String key = p.currentName();
        At keyAt = At.of(p.currentTokenLocation());
        Node value = node(p, p.nextToken());
        Member first = members.putIfAbsent(key, new Member(key, keyAt, value));
        if (first != null) {
          error(
              keyAt,
              "key '"
                  + key
                  + "' appears twice in the same mapping (first at "
                  + first.keyAt()
                  + ")");
        }
      }
      return new MapNode(at, members);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
        items.add(node(p, i));
      }
      return new ListNode(at, items);
    }
    return new Scalar(at, t == JsonToken.VALUE_NULL ? null : p.getText());
  }

  private void error(At at, String message) {
    errors.add(new InputError(source, at.line(), at.column(), message));
  }

  private static InputError syntax(String source, Exception e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        Mark mark = m.getProblemMark();
        return new InputError(
            source,
            mark.getLine() + 1,
            mark.getColumn() + 1,
            "YAML syntax error: " + m.getProblem());
      }
    }
    if (e instanceof JsonProcessingException j) {
      At at = At.of(j.getLocation());
      String first = String.valueOf(j.getOriginalMessage()).lines().findFirst().orElse("");
      return new InputError(source, at.line(), at.column(), "YAML syntax error: " + first);
    }
    return new InputError(source, 1, 1, "YAML syntax error: the file cannot be read as YAML");
  }
}
