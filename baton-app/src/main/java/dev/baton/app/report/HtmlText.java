package dev.baton.app.report;

/**
 * Escapes text for HTML and SVG, in element content and in quoted attributes alike. The HTML report
 * and the topology picture keep their own escaper here so that they depend on nothing else that
 * writes HTML.
 */
public final class HtmlText {
  private HtmlText() {}

  /** {@code s} with {@code & < > " '} replaced by entities; {@code null} becomes empty. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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
