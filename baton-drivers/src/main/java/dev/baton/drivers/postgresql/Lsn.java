package dev.baton.drivers.postgresql;

/** PostgreSQL write-ahead-log positions ({@code 0/3000148}) as comparable numbers. */
final class Lsn {
  private Lsn() {}

  static long parse(String text) {
    if (text == null || text.isBlank()) {
      return -1;
    }
    String[] parts = text.trim().split("/");
    return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
  }

  static String format(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }
}
