package dev.baton.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites networknt's validation messages as sentences that say where, what was expected and what
 * was found, in YAML's words (mapping, list) rather than JSON's.
 */
final class SchemaMessages {

  /** What each schema pattern means, so a message need not quote a regular expression. */
  private static final Map<String, String> PATTERNS =
      Map.of(
          "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
          "lower-case letters, digits and dashes, e.g. csm-prod",
          "^[0-9]+(\\.[0-9]+)*$",
          "digits separated by dots, e.g. \"1.0\"",
          "^[A-Za-z0-9][A-Za-z0-9._-]*$",
          "letters, digits, dots, dashes and underscores, starting with a letter or digit,"
              + " e.g. db-a",
          "^[A-Za-z0-9:._\\[\\]-]+$",
          "a host name or an IP address",
          "^[A-Za-z0-9_][A-Za-z0-9._@\\\\-]*$",
          "a user name",
          "^[a-z-]+ [A-Za-z0-9][A-Za-z0-9._-]*$",
          "a verb and what it acts on, e.g. \"install csm-a-server\"",
          "\\S",
          "a command, not blank",
          "^[A-Z][a-z]+$",
          "one capitalised word, e.g. Stop",
          "^[a-z][a-z0-9-]*$",
          "lower-case letters, digits and dashes, e.g. full-backup");

  private static final Map<String, String> TYPES =
      Map.of(
          "string", "a string",
          "integer", "a whole number",
          "number", "a number",
          "boolean", "true or false",
          "object", "a mapping",
          "array", "a list",
          "null", "nothing");

  /** The line breaks YAML counts, so that line numbers from the parser index this list. */
  private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|[\\r\\n\\u0085\\u2028\\u2029]");

  private static final Pattern RAW_SCALAR = Pattern.compile("[^\\s,\\]}#]+");
  private static final int LONGEST_QUOTE = 60;

  private final JsonNode schema;
  private final List<String> lines;

  SchemaMessages(JsonNode schema, String text) {
    this.schema = schema;
    this.lines = List.of(LINE_BREAK.split(text, -1));
  }

  String describe(ValidationMessage m) {
    String pointer = m.getInstanceLocation().toString();
    String body =
        switch (m.getType()) {
          case "required" -> "required property '" + m.getProperty() + "' is missing" + hint(m);
          case "additionalProperties" ->
              "unknown key '" + m.getProperty() + "'; allowed keys: " + allowedKeys(m);
          case "type" -> "expected " + expectedType(m, pointer) + ", got " + found(m, pointer);
          case "enum" -> "expected one of " + choices(m) + ", got " + found(m, pointer);
          case "pattern" -> "expected " + pattern(m) + ", got " + found(m, pointer);
          case "minItems" -> "expected at least " + m.getSchemaNode() + " entry, got none";
          case "minLength" -> "expected a non-empty string";
          case "maxLength" ->
              "expected at most "
                  + m.getSchemaNode()
                  + " characters, got "
                  + m.getInstanceNode().asText().length();
          case "maxProperties" -> "expected at most " + m.getSchemaNode() + " keys";
          case "minimum" -> "expected at least " + m.getSchemaNode() + ", got " + found(m, pointer);
          case "maximum" -> "expected at most " + m.getSchemaNode() + ", got " + found(m, pointer);
          default -> m.getMessage().substring(m.getMessage().indexOf(':') + 1).strip();
        };
    String path = Pointers.human(pointer);
    return path.isEmpty() ? body : path + ": " + body;
  }

  private String expectedType(ValidationMessage m, String pointer) {
    JsonNode types = m.getSchemaNode();
    List<String> words = new ArrayList<>();
    (types.isArray() ? types : List.of(types)).forEach(t -> words.add(TYPES.get(t.asText())));
    // A free-form value may be anything but empty; listing five types would only blur that.
    String expected = words.size() > 2 ? "a value" : String.join(" or ", words);
    JsonNode got = m.getInstanceNode();
    boolean unquoted = got != null && (got.isNumber() || got.isBoolean());
    if (words.equals(List.of("a string")) && unquoted) {
      // YAML reads 15.10 as the number 15.1 and yes as true: only quotes keep the text intact.
      return pointer.endsWith("/version")
          ? "a string such as \"1.0\" (quote it)"
          : "a string (quote it)";
    }
    return expected;
  }

  /** The value found, in the words the operator wrote it; never quoted under {@code secrets}. */
  private String found(ValidationMessage m, String pointer) {
    JsonNode n = m.getInstanceNode();
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "nothing";
    } else if (n.isObject() || n.isArray()) {
      return n.isObject() ? "a mapping" : "a list";
    }
    String kind = n.isTextual() ? "string" : n.isNumber() ? "number" : "boolean";
    if (pointer.startsWith("/secrets/")) {
      return "a " + kind + " (not shown: this section names secrets)";
    }
    return n.isTextual() ? "'" + shortened(n.asText()) + "'" : kind + " " + raw(n);
  }

  /** The scalar as written: the tree has already turned 1.10 into 1.1 and yes into true. */
  private String raw(JsonNode n) {
    Optional<Location> where = Location.of(n);
    if (where.isEmpty()) {
      return shortened(n.asText());
    }
    Location at = where.get();
    String line = at.line() <= lines.size() ? lines.get(at.line() - 1) : "";
    Matcher m = RAW_SCALAR.matcher(line);
    if (at.column() <= line.length() && m.region(at.column() - 1, line.length()).lookingAt()) {
      return shortened(m.group());
    }
    return shortened(n.asText());
  }

  /** What the missing property holds, when the schema describes it: a hint of what to write. */
  private String hint(ValidationMessage m) {
    JsonNode owner = schema.at(Pointers.parent(fragment(m)));
    String description =
        owner.path("properties").path(m.getProperty()).path("description").asText();
    return description.isEmpty() ? "" : ": " + lowerFirst(description.replaceAll("\\.$", ""));
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private String allowedKeys(ValidationMessage m) {
    JsonNode owner = schema.at(Pointers.parent(fragment(m)));
    List<String> keys = new ArrayList<>();
    owner.path("properties").fieldNames().forEachRemaining(keys::add);
    return String.join(", ", keys);
  }

  private static String fragment(ValidationMessage m) {
    String location = m.getSchemaLocation().toString();
    return location.substring(location.indexOf('#') + 1);
  }

  private static String choices(ValidationMessage m) {
    List<String> values = new ArrayList<>();
    m.getSchemaNode().forEach(v -> values.add(v.asText()));
    return String.join(", ", values);
  }

  private static String pattern(ValidationMessage m) {
    String regex = m.getSchemaNode().asText();
    return PATTERNS.getOrDefault(regex, "text matching " + regex);
  }

  private static String shortened(String s) {
    return s.length() <= LONGEST_QUOTE ? s : s.substring(0, LONGEST_QUOTE) + "...";
  }
}
