package dev.baton.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.InputFormat;
import com.networknt.schema.serialization.JsonNodeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a location-aware tree, refusing what YAML allows but an input file must not
 * have: syntax errors, repeated keys, aliases, several documents, and anything but a mapping. The
 * one reader of operator input: topologies and packs.
 */
public final class YamlReader {

  /** The tree and where each of its parts was written. */
  public record Parsed(JsonNode tree, LocationMap locations) {}

  /**
   * What the file should hold, for messages: {@code noun} as in "a topology file", {@code keys} as
   * a reminder of its first keys, e.g. {@code system, driver, sides, ...}.
   */
  public record Expected(String noun, String keys) {}

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonNodeReader READER = JsonNodeReader.builder().locationAware().build();

  private final String source;
  private final Expected expected;
  private final List<InputError> errors = new ArrayList<>();
  private final Map<String, Location> keys = new HashMap<>();

  private YamlReader(String source, Expected expected) {
    this.source = source;
    this.expected = expected;
  }

  /** The tree of {@code text}, or every problem found; {@code source} is what errors cite. */
  public static Parsed read(String text, String source, Expected expected)
      throws BadInputException {
    YamlReader reader = new YamlReader(source, expected);
    reader.scan(text);
    if (!reader.errors.isEmpty()) {
      throw new BadInputException(reader.errors);
    }
    JsonNode tree = reader.tree(text);
    return new Parsed(tree, LocationMap.of(tree, reader.keys));
  }

  /**
   * One pass over the tokens: the tree keeps no key positions, and it would silently keep the last
   * of two equal keys and turn an alias into its name.
   */
  private void scan(String text) throws BadInputException {
    int documents = 0;
    try (JsonParser p = YAML.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        Location at = Location.of(p.currentTokenLocation());
        if (startsDocument(t, p.getParsingContext()) && ++documents == 2) {
          // The second document's keys would only repeat the first's; one error says it all.
          error(
              at,
              "a "
                  + expected.noun()
                  + " file holds one YAML document, but a second one starts here");
          return;
        } else if (t == JsonToken.FIELD_NAME) {
          key(p.getParsingContext().pathAsPointer().toString(), p.currentName(), at);
        } else if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
          // !!binary becomes bytes, which no check of the tree can read as text.
          error(
              at,
              "YAML tags such as !!binary are not supported in a "
                  + expected.noun()
                  + "; write the value as text");
        } else if (((YAMLParser) p).isCurrentAlias()) {
          error(
              at,
              "YAML aliases (*name) are not supported in a "
                  + expected.noun()
                  + "; write the value out");
        }
      }
    } catch (IOException e) {
      throw new BadInputException(YamlSyntax.error(source, e));
    }
  }

  private static boolean startsDocument(JsonToken t, JsonStreamContext context) {
    return t.isStructStart() ? context.getParent().inRoot() : t.isScalarValue() && context.inRoot();
  }

  private void key(String pointer, String name, Location at) {
    Location first = keys.putIfAbsent(pointer, at);
    if (first != null) {
      error(at, "key '" + name + "' appears twice in the same mapping (first at " + first + ")");
    }
  }

  private JsonNode tree(String text) throws BadInputException {
    JsonNode tree;
    try {
      tree = READER.readTree(text, InputFormat.YAML);
    } catch (IOException | IllegalArgumentException e) {
      // networknt wraps the parser's IOException in an IllegalArgumentException.
      throw new BadInputException(YamlSyntax.error(source, e));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      error(
          Location.START,
          "the file is empty; expected a " + expected.noun() + " (" + expected.keys() + ")");
    } else if (!tree.isObject()) {
      String got = tree.isArray() ? "a list" : "a single value";
      error(Location.START, "expected a mapping of keys (" + expected.keys() + "), got " + got);
    }
    if (!errors.isEmpty()) {
      throw new BadInputException(errors);
    }
    return tree;
  }

  private void error(Location at, String message) {
    errors.add(new InputError(source, at.line(), at.column(), message));
  }
}
