package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.output.Visible;
import picocli.CommandLine;

/**
 * Names and reasons an operator gives ({@code --by}, {@code --operator}, {@code --override}
 * reasons, run ids, node and bookmark names): one line of visible text. They are journaled and
 * shown in reports and on consoles, so a newline, a control character or a right-to-left override
 * in one could forge a heading, a row or a sentence there; such input is refused, not cleaned.
 */
final class OneLine implements CommandLine.ITypeConverter<String> {

  /** Enough for a name or a sentence of reasons; more is a paste gone wrong. */
  static final int MAX_CHARS = 1000;

  @Override
  public String convert(String value) {
    problem(value)
        .ifPresent(
            p -> {
              throw new CommandLine.TypeConversionException(p);
            });
    return value;
  }

  /** Refuses {@code value} of {@code option} unless it is one line of visible text. */
  static String check(String option, String value) throws UsageException {
    var p = problem(value);
    if (p.isPresent()) {
      throw new UsageException(option + ": " + p.get());
    }
    return value;
  }

  private static java.util.Optional<String> problem(String value) {
    if (value.codePoints().anyMatch(Visible::hidden)) {
      return java.util.Optional.of(
          Visible.quoted(value)
              + " holds a line break or a control character; names and reasons are one line"
              + " of visible text");
    }
    if (value.length() > MAX_CHARS) {
      return java.util.Optional.of(
          "the value is " + value.length() + " characters long; at most " + MAX_CHARS);
    }
    return java.util.Optional.empty();
  }
}
