package dev.baton.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns a YAML parser's failure into an error at the fault's line and column, in plain words. */
final class YamlSyntax {

  private static final String PREFIX = "YAML syntax error: ";

  /** SnakeYAML names tokens like {@code <block end>}; operators think in keys, lists and files. */
  private static final Map<String, String> TOKENS =
      Map.ofEntries(
          Map.entry("block end", "the end of the indented block"),
          Map.entry("block mapping start", "the start of a new mapping"),
          Map.entry("block sequence start", "the start of a new list"),
          Map.entry("block entry", "'-'"),
          Map.entry("stream end", "the end of the file"),
          Map.entry("document start", "a new document (---)"),
          Map.entry("document end", "the end of the document (...)"),
          Map.entry("scalar", "a plain value"),
          Map.entry("key", "a key"),
          Map.entry("value", "':'"),
          Map.entry("flow mapping end", "'}'"),
          Map.entry("flow sequence end", "']'"),
          Map.entry("flow entry", "','"));

  /** SnakeYAML's contexts, said as the part of the file the operator is looking at. */
  private static final Map<String, String> CONTEXTS =
      Map.of(
          "while parsing a block mapping", "in the mapping",
          "while parsing a block collection", "in the list or mapping",
          "while parsing a flow sequence", "in the [...] list",
          "while parsing a flow mapping", "in the {...} mapping",
          "while scanning a quoted scalar", "in the quoted string",
          "while scanning a simple key", "in the key",
          "while parsing a block node", "in the value",
          "while parsing a flow node", "in the value");

  private static final Pattern MISPLACED =
      Pattern.compile(
          "^expected .* but found '(<block mapping start>|<block sequence start>|\\?|-)'");

  private static final Pattern TOKEN = Pattern.compile("'?<([a-z ]+)>'?");

  private YamlSyntax() {}

  static InputError error(String source, Exception e) {
    MarkedYAMLException marked = find(e, MarkedYAMLException.class);
    if (marked != null && marked.getProblemMark() != null) {
      Mark m = marked.getProblemMark();
      return new InputError(source, m.getLine() + 1, m.getColumn() + 1, PREFIX + problem(marked));
    }
    JsonProcessingException parse = find(e, JsonProcessingException.class);
    if (parse != null) {
      Location at = Location.of(parse.getLocation());
      return new InputError(source, at.line(), at.column(), PREFIX + plain(parse));
    }
    return new InputError(source, 1, 1, PREFIX + "the file cannot be read as YAML");
  }

  private static String problem(MarkedYAMLException e) {
    String problem = words(e.getProblem());
    Mark context = e.getContextMark();
    if (e.getContext() == null || context == null) {
      return problem;
    }
    String where = (context.getLine() + 1) + ":" + (context.getColumn() + 1);
    String in = CONTEXTS.getOrDefault(e.getContext().strip(), words(e.getContext()));
    return problem + " (" + in + " that starts at " + where + ")";
  }

  private static String words(String snakeYaml) {
    if (snakeYaml.contains("\\t(TAB)")) {
      return "found a tab where YAML expects a token; indent with spaces, not tabs";
    }
    String text = snakeYaml.strip();
    if (MISPLACED.matcher(text).find()) {
      // SnakeYAML says this when a key or entry is indented differently from its siblings.
      text = "bad indentation: " + text.replace("'?'", "a key").replace("'-'", "a list entry");
    }
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(TOKENS.getOrDefault(m.group(1), m.group(1))));
    }
    return m.appendTail(out).toString();
  }

  /** Jackson's own parse messages can name parser classes; those are rewritten or withheld. */
  private static String plain(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Expected a field name")) {
      return "a mapping key must be a plain value, not a list or a mapping";
    }
    if (message.contains("org.") || message.contains("com.") || message.contains("java.")) {
      return "this cannot be read as YAML";
    }
    return message.lines().findFirst().orElse("this cannot be read as YAML");
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
