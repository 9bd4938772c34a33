package dev.baton.testkit.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.testkit.Poll;
import dev.baton.testkit.dual.SideWrite.Op;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.topology.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dual-side lab on real parts: two PostgreSQL 16 servers replicating main and report both ways,
 * a PgBouncer per side, and a client JVM per side that resolves names through its side's hosts
 * file. Needs root (PostgreSQL runs as postgres) and Debian's pgbouncer (bin/setup).
 */
class DualSideLabTest {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration REPLICATED = Duration.ofSeconds(30);

  @Test
  void eachSideWritesOwnKeysThroughOwnServerAndBothServersEndUpWithEveryWrite() throws Exception {
    List<Long> pids;
    Path root;
    try (DualSideLab lab = DualSideLab.start()) {
      root = lab.root();
      // Given both sides' clients writing for at least 3 s
      long from = System.currentTimeMillis();
      lab.startClient("A");
      lab.startClient("B");
      Poll.until(
          START,
          "both clients acknowledging writes for 3 s",
          () -> ackedSpanMs(lab.writes("A")) >= 3000 && ackedSpanMs(lab.writes("B")) >= 3000);
      lab.stopClients();
      long to = System.currentTimeMillis();
      List<SideWrite> a = lab.writes("A");
      List<SideWrite> b = lab.writes("B");

      // Then both wrote to both databases, inserts, updates and deletes, each side its own keys
      for (List<SideWrite> w : List.of(a, b)) {
        assertEquals(
            Set.of("accounts", "entries"),
            w.stream()
                .filter(SideWrite::acknowledged)
                .map(SideWrite::table)
                .collect(Collectors.toSet()));
        assertEquals(
            Set.of(Op.INSERT, Op.UPDATE, Op.DELETE),
            w.stream()
                .filter(SideWrite::acknowledged)
                .map(SideWrite::op)
                .collect(Collectors.toSet()));
      }
      assertEquals(List.of(), DualChecks.keysCannotCollide(a, b));
      // and each side's server served that side's client alone
      assertEquals(List.of(), DualChecks.neverOtherSide(a, from, to, lab.serverAddress("A")));
      assertEquals(List.of(), DualChecks.neverOtherSide(b, from, to, lab.serverAddress("B")));
      // and every acknowledged write reaches both servers
      awaitNoViolations(
          "both sides' writes on both servers",
          () -> {
            Snapshot onA = lab.snapshot("A");
            Snapshot onB = lab.snapshot("B");
            List<DualChecks.Violation> v = new java.util.ArrayList<>();
            v.addAll(DualChecks.presentOnBoth(a, onA, onB));
            v.addAll(DualChecks.presentOnBoth(b, onA, onB));
            return v;
          });
      assertTopologyDescribes(lab);
      pids = lab.livePids();
      assertTrue(pids.size() >= 4, "the lab's postmasters and poolers are alive: " + pids);
    }
    // Then closing the lab leaves no process and no directory behind
    assertEquals(List.of(), pids.stream().filter(PgProcess::isAlive).toList());
    assertEquals(List.of(), PgProcess.livePidsMentioning(root.toString()));
    assertFalse(Files.exists(root));
  }

  @Test
  void aClientConnectsWhereItsHostsFileSaysAtItsNextConnect() throws Exception {
    List<Long> pids;
    try (DualSideLab lab = DualSideLab.start()) {
      // Given side A's client writing through side A's server
      lab.startClient("A");
      lab.awaitAcknowledged("A", 20, START);
      assertEquals(
          List.of(),
          DualChecks.neverOtherSide(lab.writes("A"), 0, Long.MAX_VALUE, lab.serverAddress("A")));

      // When side A's hosts file sends side-a to side B's address, and A's pooler drops its
      // clients but keeps serving
      Path hosts = lab.hostsFile("A");
      Files.writeString(
          hosts,
          Files.readString(hosts)
              .replace(Side.A.address() + " side-a", Side.B.address() + " side-a"));
      for (String db : List.of("main", "report")) {
        lab.bouncer("A").command("KILL " + db);
        lab.bouncer("A").command("RESUME " + db);
      }
      long killed = System.currentTimeMillis();
      int before = lab.writes("A").size();

      // Then every write acknowledged after that went to side B's server...
      Poll.until(
          START,
          "20 writes of side A acknowledged by side B's server",
          () ->
              lab.writes("A").stream()
                      .skip(before)
                      .filter(w -> w.acknowledged() && w.server().equals(lab.serverAddress("B")))
                      .count()
                  >= 20);
      lab.stopClients();
      assertEquals(
          List.of(),
          DualChecks.neverOtherSide(
              lab.writes("A"), killed, Long.MAX_VALUE, lab.serverAddress("B")));
      // ...although side A's pooler still serves: the name moved, not a fallback to side-b
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://"
                      + Side.A.address()
                      + ":"
                      + lab.bouncerPort()
                      + "/main?user=postgres&prepareThreshold=0&connectTimeout=2");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT host(inet_server_addr())")) {
        assertTrue(rs.next());
        assertEquals(Side.A.address(), rs.getString(1));
      }
      pids = lab.livePids();
    }
    assertEquals(List.of(), pids.stream().filter(PgProcess::isAlive).toList());
  }

  /** From the first acknowledged write's start to the last one's end. */
  private static long ackedSpanMs(List<SideWrite> writes) {
    List<SideWrite> acked = writes.stream().filter(SideWrite::acknowledged).toList();
    return acked.isEmpty() ? 0 : acked.get(acked.size() - 1).endMs() - acked.get(0).startMs();
  }

  private interface Violations {
    List<DualChecks.Violation> find() throws Exception;
  }

  private static void awaitNoViolations(String what, Violations check) {
    AtomicReference<List<DualChecks.Violation>> last = new AtomicReference<>(List.of());
    try {
      Poll.until(
          REPLICATED,
          what,
          () -> {
            last.set(check.find());
            return last.get().isEmpty();
          });
    } catch (IllegalStateException e) {
      List<DualChecks.Violation> v = last.get();
      fail(
          e.getMessage()
              + "; "
              + v.size()
              + " violations, e.g. "
              + v.subList(0, Math.min(10, v.size())));
    }
  }

  private static void assertTopologyDescribes(DualSideLab lab) throws Exception {
    Path file = lab.writeTopology(lab.root().resolve("topology").resolve("dual-lab.yaml"));
    JsonNode t =
        YamlReader.read(
                Files.readString(file),
                file.toString(),
                new YamlReader.Expected("topology", "system"))
            .tree();
    assertEquals("dual-lab", t.path("system").asText());
    assertEquals("active-standby", t.path("roleModel").asText());
    assertEquals("side-b", t.path("nodes").get(1).path("host").asText());
    JsonNode pgA = t.path("components").get(0);
    assertEquals("pg-a", pgA.path("name").asText());
    assertEquals("16.10", pgA.path("version").asText());
    JsonNode p = pgA.path("properties");
    assertEquals(Integer.toString(lab.pgPort()), p.path("port").asText());
    for (String path :
        List.of("dataDir", "socketDir", "bin.16.10", "bin.17.6", "backupDir", "hostsFile")) {
      assertTrue(Files.exists(Path.of(p.path(path).asText())), path + " exists: " + p.path(path));
    }
    JsonNode bouncerB = t.path("components").get(3);
    assertEquals("bouncer-b", bouncerB.path("name").asText());
    assertTrue(bouncerB.path("version").isMissingNode(), "a pooler has no version");
    assertEquals("main,report", bouncerB.path("properties").path("databases").asText());
    assertTrue(Files.exists(Path.of(bouncerB.path("properties").path("config").asText())));
    assertEquals("report", t.path("replication").get(0).path("name").asText());
    assertTrue(t.path("replication").get(1).path("bidirectional").asBoolean());
    String ref = t.path("secrets").get(0).path("ref").asText();
    assertEquals("file:" + lab.secretFile(), ref);
    assertEquals(lab.adminPassword(), Files.readString(lab.secretFile()));
    assertEquals(Set.of(DualSideLab.ADMIN_PASSWORD_VARIABLE), lab.secretEnvironment().keySet());
  }
}
