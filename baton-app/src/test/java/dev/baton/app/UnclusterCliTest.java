package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.sim.SimDriver;
import dev.baton.drivers.sim.SimState;
import dev.baton.facts.ServiceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uncluster strategy (seed 003) through the CLI, in process, on the ENTSSO example. */
class UnclusterCliTest {

  private static final String PASSWORD = "tr0ub4dor-and-3";

  @TempDir Path home;
  private final Path example = Cli.example("entsso-cluster.yaml");

  private String[] withHome(String... args) {
    String[] out = new String[args.length + 2];
    System.arraycopy(args, 0, out, 0, args.length);
    out[args.length] = "--home";
    out[args.length + 1] = home.toString();
    return out;
  }

  /** The example with its backup password read from {@code secretFile} instead of the env. */
  private Path exampleWithSecretFile(Path secretFile) throws Exception {
    String text = Files.readString(example);
    String ref = "ref: env:ENTSSO_SECRET_BACKUP_PASSWORD";
    assertTrue(text.contains(ref), "the example's secret reference changed");
    Path copy = home.resolve("entsso-cluster.yaml");
    Files.writeString(copy, text.replace(ref, "ref: file:" + secretFile));
    return copy;
  }

  private Cli.Result apply(Path topology) {
    return Cli.inProcess(
        withHome(
            "apply", topology.toString(), "--strategy", "uncluster", "--to", "4.0.2", "--yes"));
  }

  @Test
  void planListsTheUnclusterUpgradeAndReclusterInSeedOrder() {
    Cli.Result r =
        Cli.inProcess(
            withHome("plan", example.toString(), "--strategy", "uncluster", "--to", "4.0.2"));
    assertEquals(0, r.code(), r.toString());
    String out = r.out();
    List<String> inOrder =
        List.of(
            "Stop the BizTalk host instance bts-host-1",
            "Back up the master secret of entsso-cluster",
            "Take the clustered resource entsso-cluster offline",
            "Demote entsso-mss-2 to a slave of entsso-mss-1",
            "POINT OF NO RETURN",
            "Upgrade entsso-mss-1 from 4.0.1 to 4.0.2",
            "Upgrade entsso-mss-2 from 4.0.1 to 4.0.2",
            "Bring entsso-cluster online on entsso-mss-1",
            "Fail entsso-cluster over to entsso-mss-2",
            "Fail entsso-cluster over to entsso-mss-1",
            "Start the BizTalk host instance bts-host-1");
    int last = -1;
    for (String line : inOrder) {
      int at = out.indexOf(line, last + 1);
      assertTrue(at > last, "'" + line + "' is missing or out of order in\n" + out);
      last = at;
    }
  }

  @Test
  void applyRunsToCompletionWithThePasswordNeverShown() throws Exception {
    Path secret = home.resolve("secret-backup-password");
    Files.writeString(secret, PASSWORD + "\n");

    Cli.Result r = apply(exampleWithSecretFile(secret));

    assertEquals(0, r.code(), r.toString());
    SimState s = new SimDriver(SimDriver.stateFileFor(home, "entsso-prod")).state();
    for (String node : List.of("entsso-mss-1", "entsso-mss-2")) {
      assertEquals("4.0.2", s.component(node).version().text(), node);
      assertEquals("entsso-cluster", s.component(node).properties().get("master"), node);
    }
    assertEquals("online", s.component("entsso-cluster").properties().get("cluster-state"));
    assertEquals("active", s.component("entsso-mss-1").role().orElseThrow());
    assertEquals("standby", s.component("entsso-mss-2").role().orElseThrow());
    assertEquals(ServiceState.RUNNING, s.component("bts-host-1").service());
    Matcher m = Pattern.compile("run (r-[0-9a-z-]+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    Cli.Result report = Cli.inProcess(withHome("report", m.group(1), "--format", "md"));
    assertEquals(0, report.code(), report.toString());
    assertTrue(report.out().contains("failed over to entsso-mss-2"), report.out());
    for (String text : List.of(r.out(), r.err(), report.out())) {
      assertFalse(text.contains(PASSWORD), text);
    }
  }

  @Test
  void applyWithoutTheBackupPasswordHaltsWithExitThreeBeforeTheSecretIsTouched() throws Exception {
    Cli.Result r = apply(exampleWithSecretFile(home.resolve("no-such-file")));

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.out().contains("secret entsso-secret-backup (file:"), r.toString());
    assertTrue(r.out().contains(") is not set"), r.toString());
    SimState s = new SimDriver(SimDriver.stateFileFor(home, "entsso-prod")).state();
    assertFalse(s.component("entsso-cluster").properties().containsKey("secret-backup"));
    assertEquals("online", s.component("entsso-cluster").properties().get("cluster-state"));
    assertEquals("4.0.1", s.component("entsso-mss-1").version().text());
  }
}
