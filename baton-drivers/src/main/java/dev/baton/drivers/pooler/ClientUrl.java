package dev.baton.drivers.pooler;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the preflight can tell from the URL clients use: a pgjdbc client that prepares statements on
 * the server breaks under PgBouncer 1.18's transaction pooling, which keeps no server-side prepared
 * statements from one transaction to the next.
 */
final class ClientUrl {
  private ClientUrl() {}

  private static final Pattern THRESHOLD_ZERO =
      Pattern.compile("(?i)[?&;]prepareThreshold=0(?:[&;]|$)");

  /** The warning for {@code url} under {@code poolMode}, or empty when there is nothing to say. */
  static Optional<String> warning(String url, String poolMode) {
    if (url == null
        || !url.startsWith("jdbc:postgresql:")
        || !(poolMode.equals("transaction") || poolMode.equals("statement"))
        || THRESHOLD_ZERO.matcher(url).find()) {
      return Optional.empty();
    }
    return Optional.of(
        "its clients use pgjdbc without prepareThreshold=0, and PgBouncer's "
            + poolMode
            + " pooling keeps no server-side prepared statements, so a statement run five times"
            + " fails with 'prepared statement \"S_1\" does not exist'; add prepareThreshold=0"
            + " to their URL (docs/pooler.md)");
  }
}
