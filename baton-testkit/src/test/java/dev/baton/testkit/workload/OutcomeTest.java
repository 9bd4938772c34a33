package dev.baton.testkit.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

class OutcomeTest {

  private static PSQLException fromServer(String severity, String state) {
    return new PSQLException(
        new ServerErrorMessage("S" + severity + "\0V" + severity + "\0C" + state + "\0Mboom\0"));
  }

  @Test
  void aReadOnlyServerRefusingTheInsertIsAFailure() {
    assertEquals(Outcome.FAILED, Outcome.afterSending(fromServer("ERROR", "25006")));
  }

  @Test
  void anAdminShutdownReturnedByTheServerIsAFailure() {
    // Fast shutdown terminates a backend at an interrupt check, never inside a commit.
    assertEquals(Outcome.FAILED, Outcome.afterSending(fromServer("FATAL", "57P01")));
  }

  @Test
  void aDuplicateIdIsAFailure() {
    assertEquals(Outcome.FAILED, Outcome.afterSending(fromServer("ERROR", "23505")));
  }

  @Test
  void aConnectionLostInFlightIsUnknown() {
    PSQLException lost =
        new PSQLException(
            "An I/O error occurred while sending to the backend.",
            PSQLState.CONNECTION_FAILURE,
            new EOFException());
    assertEquals(Outcome.UNKNOWN, Outcome.afterSending(lost));
  }

  @Test
  void statesThatMayFollowACommitAreUnknown() {
    assertEquals(Outcome.UNKNOWN, Outcome.afterSending(fromServer("FATAL", "57P02")));
    assertEquals(Outcome.UNKNOWN, Outcome.afterSending(fromServer("ERROR", "40003")));
    assertEquals(Outcome.UNKNOWN, Outcome.afterSending(fromServer("PANIC", "XX000")));
    assertEquals(Outcome.UNKNOWN, Outcome.afterSending(fromServer("ERROR", "58030")));
  }

  @Test
  void aStateTheDriverMadeUpProvesNothingAndIsUnknown() {
    assertEquals(Outcome.UNKNOWN, Outcome.afterSending(new SQLException("x", "23505")));
  }
}
