package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.guard.HasRole;
import dev.baton.model.Topology;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server Baton cannot ask is described by where it asked and what failed, never as running. */
class UnansweredServerTest {

  private static InetSocketAddress closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }

  private static PgState observe(Topology t, FakeNode node) throws Exception {
    try (PgSql sql = new PgSql()) {
      return new PgObserver(sql, new Shutdowns())
          .observe(PgConfig.of(t.requireComponent("pg-b")), node);
    }
  }

  private static Facts facts(Topology t, PgState b, Map<String, String> unreachable) {
    Map<String, PgState> states = b == null ? Map.of() : Map.of("pg-b", b);
    return new PgFacts(Clock.systemUTC()).of(t, states, Map.of(), unreachable);
  }

  @Test
  void aWrongPortNamesHostPortAndCauseAndIsNotReportedAsRunning() throws Exception {
    Topology t = PgTopologies.pair("");
    FakeNode node = new FakeNode(closedPort()).answer(0, "BATON-RUNNING 5432\n", "");

    Facts f = facts(t, observe(t, node), Map.of());

    assertTrue(f.service("pg-b").isEmpty(), f.toString());
    assertEquals(
        "pg-b is of unknown role (no answer at 10.0.0.2:5433: Connection refused; the postmaster"
            + " of /srv/b listens on port 5432), expected replica",
        new HasRole("pg-b", "replica").refusal(t, f).orElseThrow());
  }

  @Test
  void aDataDirectoryThatCannotBeReadIsNotTakenForAStoppedServer() throws Exception {
    Topology t = PgTopologies.pair("osUser: postgress");
    FakeNode node = new FakeNode(closedPort()).answer(1, "", "sudo: unknown user postgress\n");

    PgState s = observe(t, node);

    assertEquals(PgState.Status.UNKNOWN, s.status());
    assertTrue(facts(t, s, Map.of()).service("pg-b").isEmpty());
    assertEquals(
        "no answer at 10.0.0.2:5433: Connection refused; /srv/b on node-b cannot be read as"
            + " postgress: sudo: unknown user postgress",
        s.detail());
  }

  @Test
  void aStoppedServerIsStopped() throws Exception {
    Topology t = PgTopologies.pair("");
    FakeNode node =
        new FakeNode(closedPort())
            .answer(0, "BATON-STOPPED\nDatabase cluster state:               shut down\n", "");

    Facts f = facts(t, observe(t, node), Map.of());

    assertEquals(ServiceState.STOPPED, f.service("pg-b").orElseThrow());
    assertEquals(
        "pg-b is of unknown role (stopped (shut down)), expected replica",
        new HasRole("pg-b", "replica").refusal(t, f).orElseThrow());
  }

  @Test
  void aMemberOnANodeThatCannotBeReachedNamesTheNodeAndTheCause() throws Exception {
    Topology t = PgTopologies.pair("");

    Facts f = facts(t, null, Map.of("node-b", "ssh to b.example:22 failed: No route to host"));

    assertEquals(
        "pg-b is of unknown role (not observed: node node-b cannot be reached (ssh to"
            + " b.example:22 failed: No route to host)), expected replica",
        new HasRole("pg-b", "replica").refusal(t, f).orElseThrow());
  }
}
