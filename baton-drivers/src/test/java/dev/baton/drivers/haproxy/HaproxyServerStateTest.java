package dev.baton.drivers.haproxy;

import static dev.baton.drivers.haproxy.ScriptedRuntimeApi.HEADER;
import static dev.baton.drivers.haproxy.ScriptedRuntimeApi.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing {@code show servers state} as HAProxy 2.6 prints it. */
class HaproxyServerStateTest {

  @Test
  void readsNamesStatesAndWeightsByColumnName() throws Exception {
    List<ServerState> servers =
        ServerState.parse(
            "pg", HEADER + line(1, "a", 2, 0, 1) + line(2, "b", 0, 5, 7) + line(3, "c", 2, 8, 1));
    assertEquals(
        List.of(
            new ServerState("a", 2, 0, 1),
            new ServerState("b", 0, 5, 7),
            new ServerState("c", 2, 8, 1)),
        servers);
    assertTrue(servers.get(0).ready());
    assertTrue(servers.get(1).inMaint(), "disabled in the configuration and forced: 0x05");
    assertFalse(servers.get(2).ready(), "a draining server takes no new connections");
    assertTrue(servers.get(2).draining());
  }

  @Test
  void configurationMaintAloneDoesNotStopAServerThatWasSetReady() throws Exception {
    // HAProxy keeps CMAINT (0x04) after "state ready" on a server configured "disabled".
    ServerState s = ServerState.parse("pg", HEADER + line(2, "b", 2, 4, 1)).get(0);
    assertTrue(s.ready());
    assertFalse(s.inMaint());
  }

  @Test
  void runningButStoppedByChecksIsNotReady() throws Exception {
    assertFalse(ServerState.parse("pg", HEADER + line(1, "a", 0, 0, 1)).get(0).ready());
  }

  @Test
  void anErrorAnswerIsQuoted() {
    DriverException e =
        assertThrows(
            DriverException.class, () -> ServerState.parse("nope", "Can't find backend.\n\n"));
    assertEquals(
        "HAProxy refused \"show servers state nope\": Can't find backend.", e.getMessage());
  }

  @Test
  void aHeaderWithoutTheAdminStateColumnIsRefused() {
    DriverException e =
        assertThrows(
            DriverException.class,
            () -> ServerState.parse("pg", "1\n# be_id srv_name srv_op_state srv_uweight\n"));
    assertTrue(e.getMessage().contains("no srv_admin_state column"), e.getMessage());
  }
}
