package dev.baton.testkit.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Poll;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgProcessTest {

  @Test
  void nonZeroExitThrowsWithBothOutputs() {
    PgProcess.Failed e =
        assertThrows(
            PgProcess.Failed.class,
            () ->
                PgProcess.run(
                    Duration.ofSeconds(10),
                    List.of("sh", "-c", "echo to-out; echo to-err >&2; exit 3")));
    assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
    assertTrue(e.getMessage().contains("to-out"), e.getMessage());
    assertTrue(e.getMessage().contains("to-err"), e.getMessage());
  }

  @Test
  void commandThatOverrunsIsKilledWithItsChildren() {
    long start = System.nanoTime();
    PgProcess.Failed e =
        assertThrows(
            PgProcess.Failed.class,
            () ->
                PgProcess.run(
                    Duration.ofMillis(300), List.of("sh", "-c", "sleep 30 & echo $!; wait")));
    assertTrue(e.getMessage().contains("timed out after 300 ms"), e.getMessage());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    long child =
        Long.parseLong(e.getMessage().split("--- stdout ---\n")[1].lines().findFirst().get());
    Poll.until(Duration.ofSeconds(5), "sleep to die", () -> !PgProcess.isAlive(child));
  }

  @Test
  void postgresToolsRunAsThePostgresUserWhenTheJvmIsRoot() {
    String who =
        PgProcess.asPostgres(Duration.ofSeconds(10), List.of("id", "-un")).stdout().strip();
    String expected = PgProcess.jvmIsRoot() ? "postgres" : System.getProperty("user.name");
    assertEquals(expected, who);
  }
}
