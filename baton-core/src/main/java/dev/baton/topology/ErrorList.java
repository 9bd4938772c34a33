package dev.baton.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Collects the problems found in one input file, each placed where the value it is about is
 * written, and reports them all at once in file order.
 */
public final class ErrorList {

  private final String source;
  private final LocationMap where;
  private final List<InputError> errors = new ArrayList<>();

  public ErrorList(String source, LocationMap where) {
    this.source = source;
    this.where = where;
  }

  /** An error at the value that {@code pointer} names. */
  public void at(String pointer, String message) {
    add(where.value(pointer), message);
  }

  /** An error at the key of the member that {@code pointer} names, e.g. an unknown key. */
  public void atKey(String pointer, String message) {
    add(where.key(pointer), message);
  }

  /** Where the value at {@code pointer} is, as {@code line:column}, to cite in a message. */
  public String position(String pointer) {
    return where.value(pointer).toString();
  }

  /** True once any problem has been found. */
  public boolean any() {
    return !errors.isEmpty();
  }

  public void throwIfAny() throws BadInputException {
    if (!errors.isEmpty()) {
      List<InputError> sorted = new ArrayList<>(new LinkedHashSet<>(errors));
      sorted.sort(Comparator.comparingInt(InputError::line).thenComparingInt(InputError::column));
      throw new BadInputException(sorted);
    }
  }

  private void add(Location at, String message) {
    errors.add(new InputError(source, at.line(), at.column(), message));
  }
}
