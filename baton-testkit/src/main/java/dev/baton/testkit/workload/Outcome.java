package dev.baton.testkit.workload;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.postgresql.util.PSQLException;

/** How one insert ended, as far as the client can know. */
public enum Outcome {
  /** The server acknowledged the commit. */
  OK,
  /** The insert certainly did not commit: it was never sent, or the server refused it. */
  FAILED,
  /** The commit may or may not have happened: the connection was lost or timed out in flight. */
  UNKNOWN;

  // SQLState classes in which the server refused the statement or rolled it back: data (22),
  // integrity (23), transaction state such as 25006 read-only (25), authorization (28), catalog
  // (3D), rollback (40), access and syntax (42), limits (54), prerequisite state (55), operator
  // intervention such as 57P01 admin shutdown (57), raised by a trigger (P0), unsupported (0A).
  private static final Set<String> REFUSED_CLASSES =
      Set.of("0A", "22", "23", "25", "28", "3D", "40", "42", "54", "55", "57", "P0");

  // States in those classes that may follow a commit: "statement completion unknown", and the
  // crash shutdown that kills backends wherever they are, in the middle of a commit too.
  private static final Set<String> MAYBE_COMMITTED = Set.of("40003", "57P02");

  /**
   * How an insert ended that raised {@code e} once its statement had been sent. Only an error that
   * the server itself returned, with a state that means "rolled back", is a failure. A lost
   * connection, a timeout or anything unclear is unknown: the commit may have happened.
   */
  public static Outcome afterSending(SQLException e) {
    String state = serverState(e);
    if (state == null || state.length() != 5 || MAYBE_COMMITTED.contains(state)) {
      return UNKNOWN;
    }
    return REFUSED_CLASSES.contains(state.substring(0, 2)) ? FAILED : UNKNOWN;
  }

  private static String serverState(SQLException e) {
    // Only a message read from the server proves that the server answered; the driver's own
    // states (08006 on an I/O error, 08003 on a closed connection) say nothing about the commit.
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getSQLState();
    }
    return null;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
