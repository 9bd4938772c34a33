package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.pg.LocalPgPair;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switchover and rolling upgrade of a real PostgreSQL pair through the CLI. */
class PgSwitchoverIT {

  @TempDir Path home;
  private LocalPgPair pair;
  private Path topology;

  @BeforeEach
  void startPair() {
    pair = LocalPgPair.start();
    topology = pair.writeTopology(home);
  }

  @AfterEach
  void stopPair() {
    pair.close();
  }

  private Cli.Result baton(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--home";
    all[args.length + 1] = home.toString();
    return Cli.inProcess(all);
  }

  @Test
  void switchoverMakesTheStandbyPrimaryAndTheOldPrimaryItsStandby() throws Exception {
    Cli.Result r = baton("apply", topology.toString(), "--strategy", "switchover", "--yes");
    assertEquals(0, r.code(), r.toString());
    assertEquals("f", pair.pgB().sql("select pg_is_in_recovery()"));
    assertEquals("t", pair.pgA().sql("select pg_is_in_recovery()"));
    Cli.Result back = baton("apply", topology.toString(), "--strategy", "switchover", "--yes");
    assertEquals(0, back.code(), back.toString());
    assertEquals("f", pair.pgA().sql("select pg_is_in_recovery()"));
  }

  /** Each rejoin rewrites the old primary's primary_conninfo; none may pile up. */
  @Test
  void twentySwitchoversLeaveExactlyOnePrimaryConninfoLineOnEachMember() throws Exception {
    for (int i = 1; i <= 20; i++) {
      Cli.Result r = baton("apply", topology.toString(), "--strategy", "switchover", "--yes");
      assertEquals(0, r.code(), "switchover " + i + ": " + r);
    }

    assertEquals("f", pair.pgA().sql("select pg_is_in_recovery()"));
    assertEquals("t", pair.pgB().sql("select pg_is_in_recovery()"));
    assertEquals(1, conninfoLines(pair.pgA().dataDir()));
    assertEquals(1, conninfoLines(pair.pgB().dataDir()));
  }

  private static long conninfoLines(Path dataDir) throws java.io.IOException {
    return java.nio.file.Files.readAllLines(dataDir.resolve("postgresql.auto.conf")).stream()
        .filter(l -> l.strip().toLowerCase(java.util.Locale.ROOT).startsWith("primary_conninfo"))
        .count();
  }

  @Test
  void rollingUpgradeMovesBothServersToTheNewBinaries() throws Exception {
    String to = dev.baton.testkit.pg.PgBinaries.debian().version();
    Cli.Result r =
        baton("apply", topology.toString(), "--strategy", "takeover", "--to", to, "--yes");
    assertEquals(0, r.code(), r.toString());
    assertTrue(pair.pgA().sql("show server_version").startsWith(to));
    assertTrue(pair.pgB().sql("show server_version").startsWith(to));
    assertEquals("f", pair.pgB().sql("select pg_is_in_recovery()"));
  }
}
