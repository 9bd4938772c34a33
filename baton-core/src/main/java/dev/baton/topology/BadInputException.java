package dev.baton.topology;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that Baton refuses, with every problem found, one {@code file:line:column: message} per
 * line; the CLI prints it and exits with code 2.
 */
public final class BadInputException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<InputError> errors;

  public BadInputException(List<InputError> errors) {
    // Bad input is the operator's to fix, not a bug: a stack trace would only hide the message.
    super(joined(errors), null, false, false);
    this.errors = List.copyOf(errors);
  }

  public BadInputException(InputError error) {
    this(List.of(error));
  }

  /** The problems, in the order they appear in the file. */
  public List<InputError> errors() {
    return errors;
  }

  private static String joined(List<InputError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a BadInputException needs at least one error");
    }
    return errors.stream().map(InputError::toString).collect(Collectors.joining("\n"));
  }
}
