package dev.baton.testkit.workload;

import java.util.Locale;

/** Small helpers that keep the checkers' sentences readable. */
final class Text {

  private Text() {}

  /** "1 gap", "2 gaps". */
  static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }

  /** Milliseconds with microsecond precision. */
  static String ms(double ms) {
    return String.format(Locale.ROOT, "%.3f ms", ms);
  }
}
