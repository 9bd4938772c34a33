package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import dev.baton.testkit.workload.LostWritesChecker;
import dev.baton.testkit.workload.TwoActivesChecker;
import dev.baton.testkit.workload.WorkloadClient;
import dev.baton.testkit.workload.WritabilityProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An operator's first contact (issue 12): a PostgreSQL 15 pair built by hand with Debian's
 * binaries, the way the operator built theirs (initdb, then pg_basebackup -R with the default
 * application_name), no Baton fixture code; then discover, check, switchover and switchback under
 * the workload client, and one check per mistake an operator makes in a topology.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstContactIT {

  private static final Duration T = Duration.ofSeconds(60);
  private static Path root;
  private static Path home;
  private static final List<Path> started = new ArrayList<>();
  private static int portA;
  private static int portB;
  private static Path dataA;
  private static Path dataB;
  private static String discovered;

  @BeforeAll
  static void buildThePairByHand() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "bfc-");
    PgProcess.giveToPostgres(root);
    home = root.resolve("home");
    Files.createDirectories(home);
    portA = Ports.free();
    portB = Ports.free();
    dataA = root.resolve("a");
    dataB = root.resolve("b");
    pg("initdb", "-D", dataA.toString());
    Files.writeString(
        dataA.resolve("postgresql.conf"),
        "\nlisten_addresses = '127.0.0.1'\nport = "
            + portA
            + "\nunix_socket_directories = '"
            + root
            + "'\n",
        java.nio.file.StandardOpenOption.APPEND);
    start(dataA);
    pg(
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        Integer.toString(portA),
        "-U",
        "postgres",
        "-D",
        dataB.toString(),
        "-R",
        "-X",
        "stream");
    Files.writeString(
        dataB.resolve("postgresql.conf"),
        "\nport = " + portB + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    start(dataB);
    Poll.until(
        T,
        "the standby streams",
        () -> "streaming".equals(sql(portA, "select state from pg_stat_replication")));
  }

  @AfterAll
  static void stopEverything() {
    for (Path d : started) {
      stop(d);
    }
    Dirs.deleteTree(root);
  }

  @Test
  @Order(1)
  void discoverWritesATopologyThatChecksCleanAndSwitchesOverAndBack() throws Exception {
    Path file = home.resolve("pair.yaml");
    Cli.Result d =
        baton(
            "discover",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(portA),
            "--out",
            file.toString());
    assertEquals(0, d.code(), d.toString());
    discovered = Files.readString(file);
    assertTrue(discovered.contains("applicationName: \"walreceiver\""), discovered);
    assertTrue(discovered.contains("dataDir: \"" + dataB + "\""), discovered);
    assertTrue(discovered.contains("osUser: \"postgres\""), discovered);
    assertTrue(discovered.contains("DECIDE"), discovered);
    assertEquals(0, baton("validate", file.toString()).code());

    Cli.Result check = baton("check", file.toString());
    assertEquals(0, check.code(), check.toString());
    assertTrue(
        check.out().contains("streams from pg-a as application_name 'walreceiver'"), check.out());
    assertTrue(check.out().contains("reachable at 127.0.0.1:" + portB), check.out());

    String url =
        "jdbc:postgresql://127.0.0.1:"
            + portA
            + ",127.0.0.1:"
            + portB
            + "/postgres?user=postgres&targetServerType=primary";
    try (WorkloadClient client = new WorkloadClient(url);
        WritabilityProbe probe =
            new WritabilityProbe(
                List.of(
                    "jdbc:postgresql://127.0.0.1:" + portA + "/postgres?user=postgres",
                    "jdbc:postgresql://127.0.0.1:" + portB + "/postgres?user=postgres"))) {
      client.start();
      probe.start();
      awaitMoreAcks(client, 20);
      Cli.Result over = baton("switchover", file.toString(), "--yes");
      assertEquals(0, over.code(), over.toString());
      assertEquals("f", sql(portB, "select pg_is_in_recovery()"));
      awaitMoreAcks(client, 20);
      Cli.Result back = baton("switchback", file.toString(), "--yes");
      assertEquals(0, back.code(), back.toString());
      assertEquals("f", sql(portA, "select pg_is_in_recovery()"));
      awaitMoreAcks(client, 20);
      assertTrue(client.stop());
      probe.stop();
      LostWritesChecker.Result lost = LostWritesChecker.check(client.history(), client.finalIds());
      assertEquals(0, lost.lost().size(), lost.summary());
      TwoActivesChecker.Result two = TwoActivesChecker.check(client.history(), probe.samples());
      assertTrue(two.ok(), two.summary());
    }
    Cli.Result again = baton("check", file.toString());
    assertEquals(0, again.code(), again.toString());
  }

  @Test
  @Order(2)
  void aWrongStandbyDataDirIsAProblemAndSwitchoverRefusesBeforeAnyAction() throws Exception {
    Path file =
        variant(
            "wrong-datadir",
            discovered.replace(
                "dataDir: \"" + dataB + "\"", "dataDir: \"" + root.resolve("nope") + "\""));
    Cli.Result check = baton("check", file.toString());
    assertEquals(3, check.code(), check.toString());
    assertTrue(
        check
            .out()
            .contains("problem  pg-b       dataDir " + root.resolve("nope") + " does not exist"),
        check.out());
    assertTrue(check.out().contains("fix: set dataDir: " + dataB), check.out());
    Cli.Result over = baton("switchover", file.toString(), "--yes");
    assertEquals(3, over.code(), over.toString());
    assertTrue(over.err().contains("refused before any action"), over.err());
    assertEquals("f", sql(portA, "select pg_is_in_recovery()"), "nothing was done");
    assertEquals("t", sql(portB, "select pg_is_in_recovery()"));
  }

  @Test
  @Order(3)
  void aWrongPortNamesThePortTheServerListensOn() throws Exception {
    int wrong = Ports.free();
    Path file =
        variant(
            "wrong-port", discovered.replace("port: \"" + portB + "\"", "port: \"" + wrong + "\""));
    Cli.Result check = baton("check", file.toString());
    assertEquals(3, check.code(), check.toString());
    assertTrue(
        check.out().contains("port " + wrong + " is wrong: nothing answers at 127.0.0.1:" + wrong),
        check.out());
    assertTrue(check.out().contains("fix: set port: " + portB), check.out());
  }

  @Test
  @Order(4)
  void aWrongOsUserNamesTheOwner() throws Exception {
    Path file =
        variant(
            "wrong-user", discovered.replaceFirst("osUser: \"postgres\"", "osUser: \"postgress\""));
    Cli.Result check = baton("check", file.toString());
    assertEquals(3, check.code(), check.toString());
    assertTrue(check.out().contains("osUser postgress does not exist on node-a"), check.out());
    assertTrue(check.out().contains("fix: set osUser: postgres"), check.out());
  }

  @Test
  @Order(5)
  void aWrongBinDirectoryIsNamed() throws Exception {
    String bin = PgBinaries.debian().binDir().toString();
    Path file =
        variant(
            "wrong-bin",
            discovered.replaceFirst("(bin\\.[0-9.]+): \"" + bin + "\"", "$1: \"" + root + "\""));
    Cli.Result check = baton("check", file.toString());
    assertEquals(3, check.code(), check.toString());
    assertTrue(check.out().contains(" " + root + " holds no postgres binary"), check.out());
    assertTrue(check.out().contains("fix: set bin."), check.out());
  }

  @Test
  @Order(6)
  void aStandbyThatDoesNotStreamIsAProblem() throws Exception {
    Path file = home.resolve("pair.yaml");
    String conninfo = sql(portB, "show primary_conninfo");
    assertFalse(conninfo.isEmpty() || conninfo.startsWith("error"), conninfo);
    sql(portB, "alter system set primary_conninfo = ''");
    sql(portB, "select pg_reload_conf()");
    try {
      Poll.until(
          T,
          "the standby stops streaming",
          () -> sql(portA, "select count(*) from pg_stat_replication").equals("0"));
      Cli.Result check = baton("check", file.toString());
      assertEquals(3, check.code(), check.toString());
      assertTrue(check.out().contains("pg-b       is not streaming from pg-a"), check.out());
    } finally {
      sql(portB, "alter system set primary_conninfo = '" + conninfo.replace("'", "''") + "'");
      sql(portB, "select pg_reload_conf()");
    }
    Poll.until(
        T,
        "the standby streams again",
        () -> "streaming".equals(sql(portA, "select state from pg_stat_replication")));
  }

  @Test
  @Order(7)
  void aMistypedPropertyKeyIsRefusedByValidate() throws Exception {
    Path file = variant("typo", discovered.replaceFirst("dataDir:", "dataDri:"));
    Cli.Result v = baton("validate", file.toString());
    assertEquals(2, v.code(), v.toString());
    assertTrue(v.err().contains("dataDri"), v.err());
    assertEquals(2, baton("check", file.toString()).code());
  }

  @Test
  @Order(8)
  void aPrimaryThatIsReallyAStandbyAndTwoSystemsAreProblems() throws Exception {
    Path dataC = root.resolve("c");
    int portC = Ports.free();
    pg("initdb", "-D", dataC.toString());
    Files.writeString(
        dataC.resolve("postgresql.conf"),
        "\nlisten_addresses = '127.0.0.1'\nport = "
            + portC
            + "\nunix_socket_directories = '"
            + root
            + "'\n",
        java.nio.file.StandardOpenOption.APPEND);
    start(dataC);
    // pg-a named at the standby: no member of the topology is a primary.
    String standbyAsPrimary =
        discovered
            .replace("port: \"" + portA + "\"", "port: \"" + portB + "\"")
            .replace("dataDir: \"" + dataA + "\"", "dataDir: \"" + dataB + "\"");
    Cli.Result a = baton("check", variant("standby-as-primary", standbyAsPrimary).toString());
    assertEquals(3, a.code(), a.toString());
    assertTrue(
        a.out()
            .contains(
                "pg-a       is a standby (in recovery, streaming from 127.0.0.1:" + portA + ")"),
        a.out());
    // pg-b named at a server of another system.
    String twoSystems =
        discovered
            .replace("port: \"" + portB + "\"", "port: \"" + portC + "\"")
            .replace("dataDir: \"" + dataB + "\"", "dataDir: \"" + dataC + "\"");
    Cli.Result b = baton("check", variant("two-systems", twoSystems).toString());
    assertEquals(3, b.code(), b.toString());
    assertTrue(b.out().contains("differs from pg-a's"), b.out());
    assertTrue(b.out().contains("they are two separate systems"), b.out());
  }

  private static Path variant(String name, String text) throws IOException {
    assertFalse(text.equals(discovered), name + ": the variant must differ");
    return Files.writeString(home.resolve(name + ".yaml"), text);
  }

  private static Cli.Result baton(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--home";
    all[args.length + 1] = home.resolve("baton").toString();
    if (args[0].equals("discover")) {
      return Cli.inProcess(args);
    }
    return Cli.inProcess(all);
  }

  private static void awaitMoreAcks(WorkloadClient client, int more) {
    long from = client.history().oks().size();
    Poll.until(
        T, more + " more acknowledged writes", () -> client.history().oks().size() >= from + more);
  }

  private static void pg(String tool, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PgBinaries.debian().path(tool).toString());
    cmd.addAll(List.of(args));
    PgProcess.asPostgres(T, cmd);
  }

  private static void start(Path data) {
    started.add(data);
    pg("pg_ctl", "-D", data.toString(), "-l", data + ".log", "-w", "start");
  }

  /** Stops a server this test started, by the pid in its own postmaster.pid. */
  private static void stop(Path data) {
    try {
      List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
      long p = Long.parseLong(pid.get(0).strip());
      ProcessHandle.of(p).ifPresent(ProcessHandle::destroy);
      Poll.until(T, "postgres " + p + " ends", () -> !PgProcess.isAlive(p));
    } catch (IOException | RuntimeException e) {
      // not running: nothing to stop
    }
  }

  private static String sql(int port, String query) {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
        Statement s = c.createStatement()) {
      if (!s.execute(query)) {
        return "";
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next() ? rs.getString(1) : "";
      }
    } catch (SQLException e) {
      return "error: " + e.getMessage();
    }
  }
}
