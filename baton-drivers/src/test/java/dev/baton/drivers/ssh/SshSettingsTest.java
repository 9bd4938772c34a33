package dev.baton.drivers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SshSettingsTest {

  @Test
  void aConnectTimeoutIsReadInSecondsOrMilliseconds() {
    assertEquals(Duration.ofSeconds(3), SshSettings.seconds("T", "3s"));
    assertEquals(Duration.ofSeconds(4), SshSettings.seconds("T", "4"));
    assertEquals(Duration.ofMillis(500), SshSettings.seconds("T", "500ms"));
    assertEquals(
        Duration.ofSeconds(2),
        SshSettings.defaults().withConnectTimeout(Duration.ofSeconds(2)).connectTimeout());
  }

  @Test
  void aTimeoutOutsideItsBoundsOrNotATimeIsASentence() {
    for (String bad : new String[] {"soon", "0", "50ms", "3h", "-1s"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SshSettings.seconds("BATON_SSH_CONNECT_TIMEOUT", bad));
      assertTrue(
          e.getMessage().startsWith("BATON_SSH_CONNECT_TIMEOUT='" + bad + "' is not a timeout"),
          e.getMessage());
    }
  }
}
