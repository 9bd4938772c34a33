package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `baton plan` shows an operator for the seed procedures, through the real CLI. */
class SeedPlansCliTest {

  @TempDir Path home;

  private Cli.Result plan(String example, String strategy, String to) {
    return Cli.inProcess(
        "plan",
        Cli.example(example).toString(),
        "--strategy",
        strategy,
        "--to",
        to,
        "--home",
        home.toString());
  }

  @Test
  void splitSideShowsTheWindowThePinsTheWinnerTheRestoreRuleAndThePointsOfNoReturn() {
    Cli.Result r = plan("ccmp-dual-side.yaml", "split-side", "8.5.1");
    // The passphrase is not set here, so the preflight would be refused now: plan exits 3.
    assertEquals(3, r.code(), r.toString());
    String out = r.out();
    assertTrue(out.contains("1 step would be refused now:"), out);
    assertTrue(
        out.contains(
            "note: single-sided window: side B serves alone from step 8 (remove replication"
                + " report-server) until step 36"),
        out);
    assertTrue(
        out.contains(
            "note: forced failover: steps 2-5 pin every node's failover connections to its own"
                + " side; steps 32-35 remove the pins just before replication is rebuilt"),
        out);
    assertTrue(out.contains("note: data: side A's data wins; step 23 lists the changes"), out);
    // The simulator's side B already has changes; the plan names them before they are lost.
    assertTrue(
        out.contains(
            "side B's changes so far: folder /Tenants/Acme/Support added; user jsmith given the"
                + " Supervisor role"),
        out);
    assertTrue(
        out.contains(
            "note: restore rule: if the sides have been split for 24 h or more when step 28 runs,"
                + " it restores a-portal-db's backup onto b-portal-db"),
        out);
    assertTrue(out.contains("note: points of no return: steps 8, 12, 14, 26, 28, 29, 36"), out);
    assertTrue(
        out.contains(
            "  2. [ ] Pin the failover connections of ccmp-db-a to side A (hosts entries"
                + " ccmpdbb=127.0.0.1,ccmpwebb=ccmpweba)"),
        out);
    int firstPonr = out.indexOf("POINT OF NO RETURN");
    assertTrue(firstPonr > 0 && firstPonr < out.indexOf("  8. [ ] Remove replication"), out);
  }

  @Test
  void primaryFirstShowsEachSidesMembersInOneParallelGroupAfterTheirRegistrationMaster() {
    Cli.Result r = plan("connected-backup-cluster.yaml", "primary-first", "9.0.7.2");
    assertEquals(0, r.code(), r.toString());
    String out = r.out();
    for (String side : new String[] {"a", "b"}) {
      int master = out.indexOf("Upgrade cb-" + side + "-rm from");
      int group = out.indexOf("parallel group " + side.toUpperCase() + "-members");
      int m1 = out.indexOf("Upgrade cb-" + side + "-m1 from");
      int m2 = out.indexOf("Upgrade cb-" + side + "-m2 from");
      assertTrue(0 < master && master < group && group < m1 && m1 < m2, out);
    }
  }
}
