package dev.baton.drivers.files;

/** A range of characters [start, end) in a text. */
record Span(int start, int end) {

  String of(String text) {
    return text.substring(start, end);
  }

  /** The text with this range replaced. */
  String replace(String text, String with) {
    return text.substring(0, start) + with + text.substring(end);
  }
}
