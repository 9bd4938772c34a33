package dev.baton.app.output;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text for Markdown: whatever a string holds (a node name from a topology, a reason an operator
 * typed, a line of command output), it shows as that text and cannot start a heading, a list, a
 * table row, a link, an HTML tag or a code block.
 */
public final class Markdown {
  private Markdown() {}

  /** Characters that make structure anywhere in a line (GFM tables included). */
  private static final String INLINE = "\\`*_[]<>#|~&!";

  /** What makes a list at the start of a line or a list item ({@code #} is escaped anywhere). */
  private static final Pattern LEADING = Pattern.compile("^[-+]");

  private static final Pattern BACKTICKS = Pattern.compile("`+");

  /** Inline text: a table cell, a list item, a heading. Line breaks are shown as {@code \n}. */
  public static String text(String s) {
    String visible = Visible.text(s == null ? "" : s);
    StringBuilder b = new StringBuilder(visible.length() + 8);
    for (int i = 0; i < visible.length(); i++) {
      char c = visible.charAt(i);
      if (INLINE.indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    Matcher m = LEADING.matcher(b);
    if (m.find()) {
      b.insert(m.end() - 1, '\\');
    }
    return b.toString();
  }

  /**
   * A code span, e.g. a step id: fenced by more backticks than it holds, with {@code |} escaped so
   * it stays in its table cell.
   */
  public static String code(String s) {
    String visible = Visible.text(s == null ? "" : s).replace("|", "\\|");
    String fence = "`".repeat(longestBacktickRun(visible) + 1);
    String pad = visible.startsWith("`") || visible.endsWith("`") ? " " : "";
    return fence + pad + visible + pad + fence;
  }

  /** A fenced block of lines, such as evidence: no line inside can close the fence early. */
  public static String block(String s) {
    String visible = Visible.lines(s == null ? "" : s);
    String fence = "`".repeat(Math.max(3, longestBacktickRun(visible) + 1));
    return fence + "\n" + visible + "\n" + fence + "\n";
  }

  private static int longestBacktickRun(String s) {
    int longest = 0;
    Matcher m = BACKTICKS.matcher(s);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    return longest;
  }
}
