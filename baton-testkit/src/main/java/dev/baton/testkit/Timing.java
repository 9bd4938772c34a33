package dev.baton.testkit;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * One multiplier for every bound a test waits for, so that a slow machine stretches them all at
 * once instead of each test growing its own margin.
 *
 * <p>Set the environment variable {@code BATON_TIMING} (or the system property {@code
 * baton.timing}, which wins when both are set) to a positive decimal such as {@code 2} or {@code
 * 1.5}; unset or blank means 1, so bounds are unchanged by default. It scales how long a test waits
 * for a condition ({@link Poll}, server start-up, readiness of the kit's fixtures), never a figure
 * a test measures and asserts (a refusal within 2 s stays 2 s) nor a timeout of the product under
 * test. A value that is not a positive decimal fails every wait with an error naming the variable,
 * rather than silently running with 1.
 */
public final class Timing {

  /** The environment variable that holds the multiplier. */
  public static final String VARIABLE = "BATON_TIMING";

  /** The system property that holds the multiplier; it overrides {@link #VARIABLE}. */
  public static final String PROPERTY = "baton.timing";

  private Timing() {}

  /** The multiplier in force: {@link #PROPERTY} if set, else {@link #VARIABLE}, else 1. */
  public static double multiplier() {
    return multiplier(System.getProperty(PROPERTY), System.getenv(VARIABLE));
  }

  /** {@code bound} times the multiplier; exactly {@code bound} when the multiplier is 1. */
  public static Duration scaled(Duration bound) {
    double m = multiplier();
    return m == 1 ? bound : Duration.ofNanos(Math.round(bound.toNanos() * m));
  }

  /**
   * A bound of {@code n} seconds, scaled, for waits that do not go through {@link Poll} (a {@code
   * Process.waitFor}, a {@code Thread.join}); Poll scales the bound it is given itself.
   */
  public static Duration seconds(long n) {
    return scaled(Duration.ofSeconds(n));
  }

  /** A bound of {@code n} milliseconds, scaled; see {@link #seconds(long)}. */
  public static Duration millis(long n) {
    return scaled(Duration.ofMillis(n));
  }

  /** Where the multiplier was set, for messages, e.g. {@code BATON_TIMING=2}. */
  public static String setting() {
    return setting(System.getProperty(PROPERTY), System.getenv(VARIABLE));
  }

  /** The multiplier given by a property and a variable value, either possibly null. */
  static double multiplier(String property, String variable) {
    if (isSet(property)) {
      return parse(PROPERTY, property);
    }
    if (isSet(variable)) {
      return parse(VARIABLE, variable);
    }
    return 1;
  }

  static String setting(String property, String variable) {
    if (isSet(property)) {
      return PROPERTY + "=" + property.strip();
    }
    return isSet(variable) ? VARIABLE + "=" + variable.strip() : "the default 1";
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static double parse(String name, String value) {
    double m;
    try {
      m = new BigDecimal(value.strip()).doubleValue();
    } catch (NumberFormatException e) {
      m = Double.NaN;
    }
    if (!(m > 0) || Double.isInfinite(m)) {
      throw new IllegalStateException(
          name
              + " must be a positive decimal such as 2 or 1.5 (the multiplier for every bound a"
              + " test waits for), not '"
              + value
              + "'");
    }
    return m;
  }
}
