package dev.baton.app.output;

/**
 * Text for HTML (element content and quoted attribute values), for the console: markup characters
 * become entities and control or format characters are shown as escapes, so a name or a sentence
 * cannot add an element, a script or an attribute.
 */
public final class Html {
  private Html() {}

  /** {@code s} as one line of HTML text: a line break shows as {@code \\n}. */
  public static String text(String s) {
    return markup(Visible.text(s == null ? "" : s));
  }

  /**
   * {@code s} as a block of HTML text that keeps its line breaks and tabs, for a {@code <pre>} of
   * evidence or a tooltip of several lines; every other control or format character is escaped.
   */
  public static String lines(String s) {
    return markup(Visible.lines(s == null ? "" : s));
  }

  private static String markup(String visible) {
    StringBuilder b = new StringBuilder(visible.length() + 16);
    for (int i = 0; i < visible.length(); i++) {
      char c = visible.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
