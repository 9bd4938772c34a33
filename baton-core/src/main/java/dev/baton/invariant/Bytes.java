package dev.baton.invariant;

/** Formats byte counts for sentences. */
public final class Bytes {
  private Bytes() {}

  /** {@code 48 MB}, {@code 512 B}: decimal units, as operators read them in monitoring. */
  public static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int i = -1;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return (v >= 10
            ? String.valueOf(Math.round(v))
            : String.format(java.util.Locale.ROOT, "%.1f", v))
        + " "
        + units[i];
  }
}
