package dev.baton.topology;

/**
 * The size a file Baton reads may have. A topology or pack is a few kilobytes; a file of many
 * megabytes, or a line of hundreds of kilobytes, is the wrong file or a mistake, and refusing it up
 * front keeps every later check (the YAML parser, the schema, the messages) fast and linear.
 */
public final class InputLimits {

  /** The largest file accepted, in characters. */
  public static final int MAX_CHARS = 4 * 1024 * 1024;

  /** The longest line accepted, in characters. */
  public static final int MAX_LINE = 64 * 1024;

  private InputLimits() {}

  /** Refuses {@code text} when it is too large or has too long a line, at the line it happens. */
  public static void check(String text, String source, String what) throws BadInputException {
    if (text.length() > MAX_CHARS) {
      throw new BadInputException(
          new InputError(
              source,
              1,
              1,
              "the file has %d characters; a %s may have at most %d (is it the right file?)"
                  .formatted(text.length(), what, MAX_CHARS)));
    }
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - start > MAX_LINE) {
          throw new BadInputException(
              new InputError(
                  source,
                  line,
                  MAX_LINE + 1,
                  "line %d has %d characters; a %s line may have at most %d"
                      .formatted(line, i - start, what, MAX_LINE)));
        }
        line++;
        start = i + 1;
      }
    }
  }
}
