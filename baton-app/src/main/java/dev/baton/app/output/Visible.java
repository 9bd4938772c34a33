package dev.baton.app.output;

/**
 * Text for a terminal, with the characters that would change what the reader sees shown as escapes:
 * control characters (NUL, ESC, a newline that would fake another line) and format characters
 * (U+202E right-to-left override, zero-width joiners) become {@code \n} or {@code \u202e}, so an
 * error message shows the input as it was.
 */
public final class Visible {
  private Visible() {}

  /** {@code s} with every control and format character escaped; null is {@code null}. */
  public static String text(String s) {
    if (s == null) {
      return "null";
    }
    if (s.codePoints().noneMatch(Visible::hidden)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(c -> escape(b, c));
    return b.toString();
  }

  /**
   * As {@link #text}, but keeps line breaks and tabs: for multi-line text shown as a block, such as
   * a command's output kept as evidence.
   */
  public static String lines(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\t') {
                b.append((char) c);
              } else {
                escape(b, c);
              }
            });
    return b.toString();
  }

  /** {@code s} escaped and in single quotes, as an error message quotes what was given. */
  public static String quoted(String s) {
    return "'" + text(s) + "'";
  }

  /**
   * Whether {@code c} changes the layout or direction of text instead of showing: a control, a
   * format character, a line or paragraph separator, or an unpaired surrogate.
   */
  public static boolean hidden(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
              Character.FORMAT,
              Character.LINE_SEPARATOR,
              Character.PARAGRAPH_SEPARATOR,
              Character.SURROGATE,
              Character.UNASSIGNED,
              Character.PRIVATE_USE ->
          true;
      default -> false;
    };
  }

  private static void escape(StringBuilder b, int c) {
    if (!hidden(c)) {
      b.appendCodePoint(c);
      return;
    }
    switch (c) {
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      default -> {
        for (char ch : Character.toChars(c)) {
          b.append(String.format("\\u%04x", (int) ch));
        }
      }
    }
  }
}
