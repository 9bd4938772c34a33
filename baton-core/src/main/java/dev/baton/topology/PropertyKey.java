package dev.baton.topology;

/**
 * One key that something reads from a topology's {@code properties}, as data: either exact ({@code
 * dataDir}) or a family written with a placeholder ({@code bin.<version>}, matching {@code
 * bin.15.8}), with a one-line meaning and its default, so messages and docs can list them.
 */
public record PropertyKey(String pattern, String meaning, String defaultValue) {

  /** The default of a key that has none: it must be set, or it is not used. */
  public static final String NO_DEFAULT = "";

  public PropertyKey {
    int open = pattern.indexOf('<');
    if (pattern.isBlank() || (open >= 0 && (open == 0 || !pattern.endsWith(">")))) {
      throw new IllegalArgumentException(
          "a property key is a name or prefix<placeholder>, not '" + pattern + "'");
    }
  }

  /** An exact key. */
  public static PropertyKey exact(String name, String meaning, String defaultValue) {
    return new PropertyKey(name, meaning, defaultValue);
  }

  /** A family: {@code prefix} followed by what {@code placeholder} names, e.g. a version. */
  public static PropertyKey family(
      String prefix, String placeholder, String meaning, String defaultValue) {
    return new PropertyKey(prefix + "<" + placeholder + ">", meaning, defaultValue);
  }

  /** True for a family such as {@code bin.<version>}. */
  public boolean isFamily() {
    return pattern.indexOf('<') > 0;
  }

  /** What every key of a family starts with; for an exact key, the key itself. */
  public String prefix() {
    return isFamily() ? pattern.substring(0, pattern.indexOf('<')) : pattern;
  }

  /** Whether {@code key} is this key, or a member of this family (something after the prefix). */
  public boolean matches(String key) {
    return isFamily()
        ? key.startsWith(prefix()) && key.length() > prefix().length()
        : key.equals(pattern);
  }
}
