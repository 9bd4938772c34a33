package dev.baton.topology;

/** One problem in an input file, placed at a 1-based line and column and said as a sentence. */
public record InputError(String file, int line, int column, String message) {

  private static final java.util.regex.Pattern LINE_BREAK =
      java.util.regex.Pattern.compile("\\r\\n|[\\r\\n\\u0085\\u2028\\u2029]");

  /** A value quoted from the file may span lines; the sentence shows its breaks as {@code \n}. */
  public InputError {
    message = LINE_BREAK.matcher(message).replaceAll("\\\\n");
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
