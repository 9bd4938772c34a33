package dev.baton.drivers.files;

import java.util.regex.Pattern;

/** Hides passwords in connection strings and in anything that may quote one. */
final class Secrets {

  // Quoted and braced values may hold ';', so they are matched whole before the plain form.
  private static final Pattern PASSWORD =
      Pattern.compile(
          "(?i)(password|pwd)(\\s*=\\s*)"
              + "(\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*'|\\{(?:[^}]|\\}\\})*\\}|[^;\\r\\n]*)");

  private Secrets() {}

  /** The text with every {@code Password=…} or {@code Pwd=…} value replaced by {@code ***}. */
  static String mask(String text) {
    return PASSWORD.matcher(text).replaceAll("$1$2***");
  }

  /** The first non-blank line of a command's error output, masked: enough to say what failed. */
  static String firstLine(String stderr) {
    for (String line : stderr.split("\\R")) {
      if (!line.isBlank()) {
        return mask(line.strip());
      }
    }
    return "no error output";
  }
}
