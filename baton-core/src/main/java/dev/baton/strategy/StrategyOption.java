package dev.baton.strategy;

import dev.baton.model.Version;
import java.util.Optional;

/**
 * An option a strategy reads from its goal ({@code --set NAME=VALUE}): its name, one line on what
 * it does, and the values it takes, so a mistyped name or value is refused before planning.
 */
public record StrategyOption(String name, String description, Values values) {

  /** The values an option takes, each with its own check. */
  public enum Values {
    /** A word or a name; the strategy says when it does not know it. */
    TEXT("a word or a name") {
      @Override
      boolean accepts(String v) {
        return !v.isBlank();
      }
    },
    /** A number of bytes. */
    BYTES("a whole number of bytes, 0 or more") {
      @Override
      boolean accepts(String v) {
        return wholeNumber(v).filter(n -> n >= 0).isPresent();
      }
    },
    /** A whole number, where -1 may stand for "not known". */
    NUMBER("a whole number") {
      @Override
      boolean accepts(String v) {
        return wholeNumber(v).isPresent();
      }
    },
    /** On or off. */
    FLAG("true or false") {
      @Override
      boolean accepts(String v) {
        return v.equals("true") || v.equals("false");
      }
    },
    /** A product version. */
    VERSION("a version such as 15.8") {
      @Override
      boolean accepts(String v) {
        try {
          Version.parse(v);
          return true;
        } catch (IllegalArgumentException e) {
          return false;
        }
      }
    };

    private final String expected;

    Values(String expected) {
      this.expected = expected;
    }

    abstract boolean accepts(String value);

    /** What a value should look like, for the sentence that refuses one. */
    public String expected() {
      return expected;
    }

    private static Optional<Long> wholeNumber(String v) {
      try {
        return Optional.of(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  public static StrategyOption text(String name, String description) {
    return new StrategyOption(name, description, Values.TEXT);
  }

  /** Why {@code value} does not fit this option, or empty when it does. */
  public Optional<String> problem(String value) {
    return values.accepts(value)
        ? Optional.empty()
        : Optional.of("expected " + values.expected() + " (" + description + ")");
  }
}
