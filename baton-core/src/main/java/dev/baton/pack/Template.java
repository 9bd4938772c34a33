package dev.baton.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command or SQL text with placeholders such as {@code {component}}, {@code {var:database}} or
 * {@code {secret:installer-passphrase}}. A brace followed by a space (a PowerShell script block) or
 * by anything that is not a name is left as it is.
 */
public record Template(String text, List<Placeholder> placeholders) {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{([a-z][a-z0-9-]*)(?::([A-Za-z0-9_.-]+))?\\}");

  /** One placeholder: a bare name ({@code component}) or a prefix and a name ({@code var:x}). */
  public record Placeholder(String prefix, String name) {
    @Override
    public String toString() {
      return "{" + (name == null ? prefix : prefix + ":" + name) + "}";
    }
  }

  public Template {
    placeholders = List.copyOf(placeholders);
  }

  public static Template of(String text) {
    List<Placeholder> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(new Placeholder(m.group(1), m.group(2)));
    }
    return new Template(text, found);
  }

  /**
   * The start of a placeholder that is never closed ({@code {services} without its brace), if any:
   * a brace followed by a name and then neither {@code :} nor {@code }}. Script blocks ({@code {
   * ...}}, {@code {$_ ...}}) do not start with a name, so they are left alone.
   */
  public static java.util.Optional<String> unclosed(String text) {
    Matcher m = OPENED.matcher(text);
    while (m.find()) {
      int end = m.end();
      boolean closes = end < text.length() && (text.charAt(end) == '}' || text.charAt(end) == ':');
      if (!closes) {
        return java.util.Optional.of(m.group());
      }
      if (text.charAt(end) == ':'
          && !PLACEHOLDER.matcher(text).region(m.start(), text.length()).lookingAt()) {
        return java.util.Optional.of(m.group() + ":");
      }
    }
    return java.util.Optional.empty();
  }

  private static final Pattern OPENED = Pattern.compile("\\{[a-z][a-z0-9-]*");

  /** The text with each placeholder replaced by what {@code value} gives for it. */
  public String render(Function<Placeholder, String> value) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = value.apply(new Placeholder(m.group(1), m.group(2)));
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    return m.appendTail(out).toString();
  }
}
