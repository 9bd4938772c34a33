package dev.baton.topology;

/** One problem in an input file, placed at a 1-based line and column and said as a sentence. */
public record InputError(String file, int line, int column, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
