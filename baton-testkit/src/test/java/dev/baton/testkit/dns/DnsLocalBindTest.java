package dev.baton.testkit.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The fixture itself: a real named that answers for its zone and is gone after close. */
class DnsLocalBindTest {

  @Test
  void answersForItsZoneAndLeavesNothingBehind() {
    LocalBind bind = LocalBind.start();
    try (bind) {
      assertEquals("127.0.0.1", bind.dig("db.baton.test."));
      String answer = bind.digAnswer("db.baton.test.");
      assertTrue(
          answer.matches("db\\.baton\\.test\\.\\s+300\\s+IN\\s+A\\s+127\\.0\\.0\\.1"), answer);
      assertTrue(Files.isDirectory(bind.dir()));
    }
    assertFalse(ProcessHandle.of(bind.pid()).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(Files.exists(bind.dir()));
  }
}
