package dev.baton.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * A word a strategy's checklist uses for the product, given by the {@code terms:} section of its
 * pack. A closed set: each constant is one key that {@code pack.schema.json} allows there.
 */
public enum Term {
  /** The product's short name as its seed writes it in titles and sections, e.g. "MyDB". */
  PRODUCT("product", "the product"),
  /** The database each side's clients work in, e.g. "Portal". */
  MAIN_DATABASE("main-database", "main"),
  /** The database each side reports from, e.g. "report server". */
  REPORT_DATABASE("report-database", "report");

  private final String label;
  private final String generic;

  Term(String label, String generic) {
    this.label = label;
    this.generic = generic;
  }

  /** The key in a pack's {@code terms:} section. */
  public String label() {
    return label;
  }

  /** The word used when the pack gives none, so a plan still reads without a pack. */
  public String generic() {
    return generic;
  }

  public static Optional<Term> parse(String label) {
    return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
  }
}
