package dev.baton.drivers.files;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one setting's value in a configuration file: a {@code key = value} line, or an attribute of
 * one XML element. The value comes back decoded, with the offset in the file of each character, so
 * that a change inside the value rewrites only those characters.
 */
final class SettingFile {

  /**
   * The decoded value; {@code raw[i]} is where character i starts in the file, raw[len] its end.
   */
  record Value(String text, int[] raw) {

    /** The span in the file that holds the decoded characters {@code s}. */
    Span inFile(Span s) {
      return new Span(raw[s.start()], raw[s.end()]);
    }
  }

  private static final Pattern ATTRIBUTE =
      Pattern.compile("\\G\\s+([^\\s=/>]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

  private SettingFile() {}

  /** The value of the one uncommented line {@code key = value} (or {@code key=value}). */
  static Value properties(String text, String key) {
    List<Value> found = new ArrayList<>();
    Matcher m =
        Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(key) + "[ \\t]*=[ \\t]*").matcher(text);
    while (m.find()) {
      int end = m.end();
      while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      while (end > m.end() && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      found.add(plain(text, new Span(m.end(), end)));
    }
    return one(found, "a line '" + key + " = …'");
  }

  /**
   * The attribute {@code attribute} of the one element whose start tag begins with {@code element}
   * (e.g. {@code add name="Portal"}; runs of white space match any white space), outside comments.
   */
  static Value xmlAttribute(String text, String element, String attribute) {
    List<Span> comments = new ArrayList<>();
    COMMENT.matcher(text).results().forEach(r -> comments.add(new Span(r.start(), r.end())));
    String head = String.join("\\s+", quoteWords(element.strip()));
    Matcher tag = Pattern.compile("<" + head + "(?=[\\s/>])").matcher(text);
    List<Value> found = new ArrayList<>();
    while (tag.find()) {
      int at = tag.start();
      if (comments.stream().noneMatch(c -> at >= c.start() && at < c.end())) {
        found.add(attribute(text, tag.end(), attribute, element));
      }
    }
    return one(found, "an element <" + element + " …>");
  }

  private static Value attribute(String text, int from, String name, String element) {
    Matcher a = ATTRIBUTE.matcher(text);
    a.region(from, text.length());
    while (a.find()) {
      if (a.group(1).equals(name)) {
        int g = a.group(2) != null ? 2 : 3;
        return decoded(text, new Span(a.start(g), a.end(g)));
      }
      a.region(a.end(), text.length());
    }
    throw new IllegalStateException("<" + element + " …> has no attribute " + name);
  }

  private static Value one(List<Value> found, String what) {
    if (found.size() != 1) {
      throw new IllegalStateException(
          found.isEmpty() ? "has no " + what : "has " + found.size() + " of " + what);
    }
    return found.get(0);
  }

  private static List<String> quoteWords(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.split("\\s+")) {
      out.add(Pattern.quote(w));
    }
    return out;
  }

  private static Value plain(String text, Span s) {
    int[] raw = new int[s.end() - s.start() + 1];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = s.start() + i;
    }
    return new Value(s.of(text), raw);
  }

  /** Decodes XML character references in an attribute value, keeping each character's offset. */
  private static Value decoded(String text, Span s) {
    StringBuilder out = new StringBuilder();
    List<Integer> raw = new ArrayList<>();
    int i = s.start();
    while (i < s.end()) {
      int semi = text.indexOf(';', i);
      String ref =
          text.charAt(i) == '&' && semi > i && semi < s.end() ? text.substring(i + 1, semi) : null;
      String entity = ref == null ? null : entity(ref);
      String ch = entity != null ? entity : String.valueOf(text.charAt(i));
      for (int k = 0; k < ch.length(); k++) {
        raw.add(i);
      }
      out.append(ch);
      i = entity != null ? semi + 1 : i + 1;
    }
    raw.add(s.end());
    return new Value(out.toString(), raw.stream().mapToInt(Integer::intValue).toArray());
  }

  private static String entity(String ref) {
    switch (ref) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "amp":
        return "&";
      case "quot":
        return "\"";
      case "apos":
        return "'";
      default:
        int cp = -1;
        if (ref.matches("#[0-9]{1,7}")) {
          cp = Integer.parseInt(ref.substring(1));
        } else if (ref.matches("#x[0-9A-Fa-f]{1,6}")) {
          cp = Integer.parseInt(ref.substring(2), 16);
        }
        // Anything else is left as written: it is not ours to interpret.
        return Character.isValidCodePoint(cp) ? Character.toString(cp) : null;
    }
  }

  /** Text safe inside an XML attribute value, whichever quote delimits it. */
  static String xmlEscape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
