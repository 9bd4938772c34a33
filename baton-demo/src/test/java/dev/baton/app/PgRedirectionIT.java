package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.testkit.Poll;
import dev.baton.testkit.Timing;
import dev.baton.testkit.dns.LocalBind;
import dev.baton.testkit.haproxy.LocalHaproxy;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Switchovers of a real pair whose clients follow a load balancer or a DNS name. */
class PgRedirectionIT {

  @TempDir Path home;

  /**
   * The workload connects only through HAProxy; Baton drains, switches, verifies and readies the
   * backend servers around each switchover. Nothing is lost and there are never two actives.
   */
  @Test
  void switchoversThroughHaproxyLoseNothingAndNeverHaveTwoActives() throws Exception {
    LocalPgPair pair = LocalPgPair.start(PgBinaries.debian());
    LocalHaproxy lb = HaproxyFront.start(pair);
    String topology = HaproxyFront.topology(pair.topologyYaml(), lb);
    String url = HaproxyFront.clientUrl(lb);
    Home h = new Home(home);
    try (PgScenario s =
        PgScenario.start(home, pair, topology, url, t -> Drivers.forTopology(t, h), List.of(lb))) {
      s.awaitAcks(100);
      List<Double> gaps = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
        assertEquals(
            RunStatus.DONE, w.result().status(), "switchover " + i + ": " + w.result().sentence());
        s.awaitMoreAcks(50);
        gaps.add(s.longestGapMs(w));
      }
      PgScenario.Verdict v = s.finish();
      System.out.println("longest write gaps through HAProxy (ms): " + gaps);
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertEquals(0, v.lost().unexpected().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      assertTrue(lb.send("show servers state pg").contains(" b "), "backend state readable");
    }
  }

  /**
   * pg-a and pg-b listen on two loopback addresses with one port, like two hosts. After a
   * switchover, a client that resolves the entry point through bind9 reaches the new primary.
   */
  @Test
  void aClientResolvingThroughBind9ReachesTheNewPrimary() throws Exception {
    LocalPgPair pair = LocalPgPair.startOnAddresses(PgBinaries.debian(), "127.0.0.2", "127.0.0.3");
    LocalBind dns;
    try {
      dns = LocalBind.start();
    } catch (Exception e) {
      pair.close();
      throw e;
    }
    Path secret = Files.writeString(home.resolve("tsig.key"), dns.keySecret());
    String topology =
        pair.topologyYaml()
                .replace(
                    "    redirection: none\n",
                    "    redirection: dns\n    properties:\n      server: \""
                        + dns.server()
                        + "\"\n"
                        + "      zone: \""
                        + dns.zone()
                        + "\"\n      record: \"db."
                        + dns.zone()
                        + "\"\n"
                        + "      tsigKeyName: \""
                        + dns.keyName()
                        + "\"\n      tsigSecret: dns-key\n"
                        + "      address.pg-a: \"127.0.0.2\"\n      address.pg-b: \"127.0.0.3\"\n")
            + "secrets:\n  - name: dns-key\n    ref: \"file:"
            + secret
            + "\"\n";
    Home h = new Home(home);
    try (PgScenario s =
        PgScenario.start(
            home,
            pair,
            topology,
            pair.multiHostUrl(),
            t -> Drivers.forTopology(t, h),
            List.of(dns))) {
      // the zone starts elsewhere; point the name at the primary as an operator would
      dev.baton.drivers.dns.DnsRedirector setup =
          new dev.baton.drivers.dns.DnsRedirector(n -> dns.keySecret());
      setup.redirect(s.topology().topology().entryPoints().get(0), "pg-a");
      assertEquals("127.0.0.2", resolve(dns, "db." + dns.zone()));
      s.awaitAcks(50);
      DnsWatcher watcher = new DnsWatcher(dns, "db." + dns.zone(), "127.0.0.3");
      watcher.start();
      PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
      assertEquals(RunStatus.DONE, w.result().status(), w.result().sentence());
      watcher.join(Timing.seconds(30).toMillis());
      String address = resolve(dns, "db." + dns.zone());
      assertEquals("127.0.0.3", address);
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://"
                      + address
                      + ":"
                      + pair.pgB().port()
                      + "/postgres?user=postgres");
          ResultSet rs =
              c.createStatement()
                  .executeQuery("select pg_is_in_recovery(), host(inet_server_addr())")) {
        rs.next();
        assertEquals(false, rs.getBoolean(1), "the resolved server accepts writes");
        assertEquals("127.0.0.3", rs.getString(2));
      }
      Instant promoted =
          s.journal().events(w.runId()).stream()
              .filter(e -> e.type() == EventType.OUTCOME && e.stepId().startsWith("promote-"))
              .map(JournalEvent::at)
              .findFirst()
              .orElseThrow();
      System.out.println(
          "DNS answered with the new primary "
              + java.time.Duration.between(promoted, watcher.firstNewAnswer()).toMillis()
              + " ms after the promote was journaled; the TTL during the switch was 10 s");
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
    }
  }

  static String resolve(LocalBind dns, String name) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(dns.port());
    r.setTCP(true);
    Message answer =
        r.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    List<Record> records = answer.getSection(Section.ANSWER);
    return records.isEmpty() ? "" : ((ARecord) records.get(0)).getAddress().getHostAddress();
  }

  /** Asks the authoritative server every 5 ms until it answers the expected address (bounded). */
  private static final class DnsWatcher extends Thread {
    private final LocalBind dns;
    private final String name;
    private final String expected;
    private volatile Instant first;
    private volatile String failure = "";

    DnsWatcher(LocalBind dns, String name, String expected) {
      this.dns = dns;
      this.name = name;
      this.expected = expected;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        first =
            Poll.every(Duration.ofMillis(5))
                .get(
                    Duration.ofSeconds(30),
                    "DNS to answer " + expected,
                    () ->
                        expected.equals(resolve(dns, name))
                            ? Optional.of(Instant.now())
                            : Optional.empty());
      } catch (IllegalStateException e) {
        failure = ": " + e.getMessage();
      }
    }

    Instant firstNewAnswer() {
      assertTrue(first != null, "DNS never answered " + expected + failure);
      return first;
    }
  }
}
