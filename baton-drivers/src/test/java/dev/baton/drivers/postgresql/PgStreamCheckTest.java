package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.CheckLine;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgStreamCheckTest {

  private static Map<String, String> rule(
      String line, String db, String user, String addr, String mask, String auth) {
    java.util.HashMap<String, String> r = new java.util.HashMap<>();
    r.put("line", line);
    r.put("type", "host");
    r.put("database", db);
    r.put("user_name", user);
    r.put("address", addr);
    r.put("netmask", mask);
    r.put("auth_method", auth);
    return r;
  }

  @Test
  void addressesMatchByNetmaskAndKeyword() {
    assertTrue(PgStreamCheck.addressMatches("127.0.0.1", "255.255.255.255", "127.0.0.1"));
    assertFalse(PgStreamCheck.addressMatches("10.0.0.0", "255.0.0.0", "127.0.0.1"));
    assertTrue(PgStreamCheck.addressMatches("10.0.0.0", "255.0.0.0", "10.1.2.3"));
    assertTrue(PgStreamCheck.addressMatches("all", null, "10.1.2.3"));
    assertTrue(PgStreamCheck.addressMatches("samehost", null, "127.0.0.1"));
  }

  @Test
  void theFirstMatchingRuleDecidesAndAllDoesNotCoverReplication() {
    List<Map<String, String>> rules =
        List.of(
            rule("90", "all", "all", "127.0.0.1", "255.255.255.255", "trust"),
            rule("91", "replication", "other", "127.0.0.1", "255.255.255.255", "trust"),
            rule("92", "replication", "all", "127.0.0.1", "255.255.255.255", "reject"),
            rule("93", "replication", "postgres", "127.0.0.1", "255.255.255.255", "trust"));
    assertEquals(
        "92", PgStreamCheck.firstMatch(rules, "postgres", "127.0.0.1").orElseThrow().get("line"));
    assertTrue(PgStreamCheck.firstMatch(rules.subList(0, 2), "postgres", "127.0.0.1").isEmpty());
  }

  @Test
  void theReplicationUserComesFromTheReceiversConninfo() {
    assertEquals(
        "repl",
        PgStreamCheck.conninfoUser("user=repl passfile=/x host=10.0.0.1 port=5432").orElseThrow());
    assertTrue(PgStreamCheck.conninfoUser("host=10.0.0.1").isEmpty());
  }

  private static PgMember member(
      String name,
      int port,
      boolean primary,
      Map<String, String> receiver,
      List<Map<String, String>> replicas)
      throws Exception {
    PgConfig c =
        PgConfig.of(
            new Component(
                name,
                "node-" + name,
                "postgresql",
                Version.parse("15.18"),
                "pg",
                primary ? "primary" : "replica",
                0,
                Map.of(
                    "host", "127.0.0.1", "port", Integer.toString(port), "dataDir", "/d/" + name)));
    return new PgMember(
        c,
        Map.of(),
        Map.of("recovery", Boolean.toString(!primary), "system_identifier", "1"),
        "",
        receiver,
        replicas,
        List.of());
  }

  @Test
  void aStandbyStreamingUnderAnotherNameIsNamedWithItsFix() throws Exception {
    PgMember a =
        member(
            "pg-a",
            5432,
            true,
            Map.of(),
            List.of(Map.of("application_name", "walreceiver", "state", "streaming")));
    PgMember b =
        member(
            "pg-b",
            5433,
            false,
            Map.of("status", "streaming", "sender_host", "127.0.0.1", "sender_port", "5432"),
            List.of());
    List<CheckLine> lines =
        PgStreamCheck.streaming(
            new ReplicationLink("s", "pg-a", "pg-b", "streaming", false, 0), a, b);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).isProblem());
    assertEquals(CheckLine.Cause.TOPOLOGY, lines.get(0).cause());
    assertEquals("set applicationName: walreceiver on pg-b", lines.get(0).fix());
  }

  @Test
  void aStandbyThatDoesNotStreamIsAStateProblem() throws Exception {
    PgMember a = member("pg-a", 5432, true, Map.of(), List.of());
    PgMember b = member("pg-b", 5433, false, Map.of(), List.of());
    List<CheckLine> lines =
        PgStreamCheck.streaming(
            new ReplicationLink("s", "pg-a", "pg-b", "streaming", false, 0), a, b);
    assertTrue(lines.get(0).isProblem());
    assertEquals(CheckLine.Cause.STATE, lines.get(0).cause());
    assertTrue(lines.get(0).finding().contains("is not streaming from pg-a (WAL receiver: none)"));
  }

  @Test
  void aStandbyStreamingFromAnotherServerIsATopologyProblem() throws Exception {
    PgMember a = member("pg-a", 5432, true, Map.of(), List.of());
    PgMember b =
        member(
            "pg-b",
            5433,
            false,
            Map.of("status", "streaming", "sender_host", "127.0.0.1", "sender_port", "6000"),
            List.of());
    List<CheckLine> lines =
        PgStreamCheck.streaming(
            new ReplicationLink("s", "pg-a", "pg-b", "streaming", false, 0), a, b);
    assertEquals(CheckLine.Cause.TOPOLOGY, lines.get(0).cause());
    assertTrue(lines.get(0).finding().contains("streams from 127.0.0.1:6000, not from pg-a"));
  }
}
