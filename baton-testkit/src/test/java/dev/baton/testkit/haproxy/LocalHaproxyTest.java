package dev.baton.testkit.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture itself: first server ready, others in maintenance, and nothing left after close. */
class LocalHaproxyTest {

  @Test
  void startsWithTheFirstServerReadyAndLeavesNothingBehind() throws Exception {
    Path dir;
    List<ProcessHandle> processes;
    try (LetterServer a = new LetterServer('A');
        LetterServer b = new LetterServer('B');
        LocalHaproxy haproxy =
            LocalHaproxy.start(
                "pg",
                List.of(
                    new LocalHaproxy.Server("a", "127.0.0.1", a.port()),
                    new LocalHaproxy.Server("b", "127.0.0.1", b.port())))) {
      dir = haproxy.socket().getParent();
      processes = haproxy.processes();
      assertEquals(2, processes.size(), "master and one worker");
      assertEquals(List.of("a"), RawState.read(haproxy, "pg").ready());
      assertEquals(0x01, RawState.read(haproxy, "pg").admin("b") & 0x01, "b is disabled");
      try (Socket c = new Socket("127.0.0.1", haproxy.frontendPort())) {
        c.setSoTimeout(5000);
        assertEquals('A', c.getInputStream().read());
      }
    }
    assertFalse(Files.exists(dir), dir + " is deleted");
    for (ProcessHandle p : processes) {
      assertFalse(p.isAlive(), "haproxy " + p.pid() + " is stopped");
    }
  }

  @Test
  void aConfigurationHaproxyRejectsFailsAtOnceWithItsLog() {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                LocalHaproxy.start("pg", List.of(new LocalHaproxy.Server("a b", "127.0.0.1", 1))));
    assertTrue(e.getMessage().startsWith("haproxy exited with"), e.getMessage());
  }
}
