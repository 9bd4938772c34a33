package dev.baton.testkit.workload;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;

/** JDBC plumbing shared by the workload client and the writability probe. */
final class Jdbc {

  private Jdbc() {}

  /**
   * Our defaults overridden by the caller's properties. pgjdbc lets parameters in the URL override
   * both, so a URL that sets a timeout keeps it.
   */
  static Properties properties(Map<String, String> defaults, Properties given) {
    Properties merged = new Properties();
    merged.putAll(defaults);
    for (String name : given.stringPropertyNames()) {
      merged.setProperty(name, given.getProperty(name));
    }
    return merged;
  }

  /** The {@code host:port} a single-host URL points at, or the URL itself if it cannot say. */
  static String label(String url) {
    Properties parsed = Driver.parseURL(url, null);
    if (parsed == null) {
      return url;
    }
    return parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT");
  }

  /** The SQLState and message on one line, as evidence of why an op did not succeed. */
  static String describe(SQLException e) {
    String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    return e.getSQLState() == null ? message : e.getSQLState() + " " + message;
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // The connection is being discarded after a failure; there is nothing left to save.
    }
  }
}
