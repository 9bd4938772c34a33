package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.drivers.sim.SimDriver;
import dev.baton.drivers.sim.SimState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's acceptance behaviour, in process: exit codes, sentences, no stack traces. */
class CliTest {

  @TempDir Path home;
  private final Path takeover = Cli.example("takeover-sim.yaml");

  private String[] withHome(String... args) {
    String[] out = new String[args.length + 2];
    System.arraycopy(args, 0, out, 0, args.length);
    out[args.length] = "--home";
    out[args.length + 1] = home.toString();
    return out;
  }

  private static String runId(String out) {
    Matcher m = Pattern.compile("run (r-[0-9a-z-]+)").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  @Test
  void validateAcceptsTheTakeoverExample() {
    Cli.Result r = Cli.inProcess("validate", takeover.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("ok: "), r.out());
  }

  @Test
  void yamlSyntaxErrorExitsTwoWithLineAndColumn() throws Exception {
    Path bad = home.resolve("bad.yaml");
    Files.writeString(bad, "system: x\nnodes:\n  - name: a\n   side: [A\n");
    Cli.Result r = Cli.inProcess("validate", bad.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().matches("(?s)" + Pattern.quote(bad.toString()) + ":\\d+:\\d+: .*"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void unknownNodeExitsTwoWithLineAndColumn() throws Exception {
    Path bad = home.resolve("unknown-node.yaml");
    Files.writeString(bad, Files.readString(takeover).replace("node: csm-b", "node: csm-x"));
    Cli.Result r = Cli.inProcess("validate", bad.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(
        r.err().matches("(?s)" + Pattern.quote(bad.toString()) + ":\\d+:\\d+: .*csm-x.*"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void badFlagsExitTwo() {
    Cli.Result r =
        Cli.inProcess(withHome("plan", takeover.toString(), "--strategy", "nope", "--to", "2.0"));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("unknown strategy 'nope'; known: takeover, full-stop"), r.err());
    Cli.Result v =
        Cli.inProcess(
            withHome("plan", takeover.toString(), "--strategy", "takeover", "--to", "2.x"));
    assertEquals(2, v.code(), v.toString());
    assertTrue(v.err().contains("--to: '2.x' is not a version"), v.err());
    assertEquals(2, Cli.inProcess("apply", "--bogus").code());
    assertNoStackTrace(v);
  }

  @Test
  void planPrintsANumberedChecklistInSeedOrderWithGuardsOnCurrentFacts() {
    Cli.Result r =
        Cli.inProcess(
            withHome("plan", takeover.toString(), "--strategy", "takeover", "--to", "2.0"));
    assertEquals(0, r.code(), r.toString());
    String out = r.out();
    int preflight = out.indexOf(" 1. [ ] Check the pair is ready for a takeover");
    int takeoverB = out.indexOf("Take over on csm-b-server");
    int upgradeA = out.indexOf("Upgrade csm-a-server from 1.0 to 2.0");
    int takeBack = out.indexOf("Take over on csm-a-server");
    int upgradeB = out.indexOf("Upgrade csm-b-server from 1.0 to 2.0");
    int reestablish = out.indexOf("Re-establish high availability");
    assertTrue(
        0 <= preflight
            && preflight < takeoverB
            && takeoverB < upgradeA
            && upgradeA < takeBack
            && takeBack < upgradeB
            && upgradeB < reestablish,
        out);
    assertTrue(out.indexOf("POINT OF NO RETURN") < upgradeA, out);
    assertTrue(
        out.contains("guard:  standby-synced: replication csm-ha is synced with no lag  -> ok now"),
        out);
    assertTrue(
        out.contains(
            "guard:  same-level: csm-a-server and csm-b-server run the same version  -> ok now"),
        out);
  }

  @Test
  void applyUpgradesBothNodesAndTheReportShowsEverySentenceAndTiming() throws Exception {
    Cli.Result r =
        Cli.inProcess(
            withHome(
                "apply", takeover.toString(), "--strategy", "takeover", "--to", "2.0", "--yes"));
    assertEquals(0, r.code(), r.toString());
    SimState s = new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).state();
    assertEquals("2.0", s.component("csm-a-server").version().text());
    assertEquals("2.0", s.component("csm-b-server").version().text());
    assertEquals("active", s.component("csm-a-server").role().orElseThrow());
    String run = runId(r.out());
    Cli.Result md = Cli.inProcess(withHome("report", run, "--format", "md"));
    assertEquals(0, md.code(), md.toString());
    long rows =
        md.out()
            .lines()
            .filter(l -> l.matches("\\| \\d+ \\| .* \\| (done|already) \\| .+ \\| \\d+ \\|"))
            .count();
    assertEquals(19, rows, md.out());
    assertTrue(
        md.out().contains("csm-b-server is now active; csm-a-server entered standby"), md.out());
    Cli.Result json = Cli.inProcess(withHome("report", run, "--format", "json"));
    JsonNode tree = new ObjectMapper().readTree(json.out());
    assertEquals(19, tree.get("steps").size());
    assertEquals("done", tree.get("run").get("status").asText());
  }

  @Test
  void laggingStandbyHaltsWithExitThreeBeforeTheTakeoverLeavingOneActive() throws Exception {
    Path lagging = home.resolve("lagging.yaml");
    Files.writeString(
        lagging,
        Files.readString(takeover).replace("sim: {}", "sim:\n  lagBytes: {csm-ha: 48000000}"));
    Cli.Result r =
        Cli.inProcess(
            withHome(
                "apply", lagging.toString(), "--strategy", "takeover", "--to", "2.0", "--yes"));
    assertEquals(3, r.code(), r.toString());
    assertTrue(
        r.out().contains("HALTED: standby csm-b-server lags 48 MB behind (csm-ha)"), r.out());
    SimDriver sim = new SimDriver(SimDriver.stateFileFor(home, "csm-prod"));
    assertTrue(
        sim.actions().stream().noneMatch(a -> a.verb().equals("takeover")),
        sim.actions().toString());
    SimState s = sim.state();
    assertEquals("active", s.component("csm-a-server").role().orElseThrow());
    assertEquals("standby", s.component("csm-b-server").role().orElseThrow());
  }

  @Test
  void gateWaitsWithExitThreeUntilApprovedThenResumeFinishes() {
    Cli.Result r =
        Cli.inProcess(
            withHome("apply", takeover.toString(), "--strategy", "takeover", "--to", "2.0"));
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.out().contains("waiting for approval: install 2.0 on csm-a-server"), r.out());
    String run = runId(r.out());
    assertEquals(0, Cli.inProcess(withHome("approve", run, "--by", "alice")).code());
    Cli.Result twice =
        Cli.inProcess(withHome("approve", run, "--step", "upgrade-csm-a-server", "--by", "alice"));
    assertEquals(2, twice.code(), twice.toString());
    Cli.Result again = Cli.inProcess(withHome("resume", run));
    assertEquals(3, again.code(), again.toString());
    assertTrue(
        again.out().contains("waiting for approval: install 2.0 on csm-b-server"), again.out());
    assertEquals(0, Cli.inProcess(withHome("approve", run, "--by", "bob")).code());
    Cli.Result done = Cli.inProcess(withHome("resume", run));
    assertEquals(0, done.code(), done.toString());
    Cli.Result status = Cli.inProcess(withHome("status", run, "--output", "json"));
    assertTrue(status.out().contains("\"status\" : \"done\""), status.out());
  }

  @Test
  void abortBeforeThePointOfNoReturnPutsTheActiveBack() {
    Cli.Result r =
        Cli.inProcess(
            withHome("apply", takeover.toString(), "--strategy", "takeover", "--to", "2.0"));
    String run = runId(r.out());
    Cli.Result a = Cli.inProcess(withHome("abort", run));
    assertEquals(0, a.code(), a.toString());
    assertTrue(a.out().contains("aborted: undid completed steps back to the start"), a.out());
    SimState s = new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).state();
    assertEquals("active", s.component("csm-a-server").role().orElseThrow());
    assertEquals("csm-a-server", s.pointsAt("csm.example.internal").orElseThrow());
  }

  @Test
  void observeAndStatusHaveJsonOutput() throws Exception {
    Cli.Result o = Cli.inProcess(withHome("observe", takeover.toString(), "--output", "json"));
    assertEquals(0, o.code(), o.toString());
    JsonNode facts = new ObjectMapper().readTree(o.out());
    assertTrue(facts.size() > 5);
    assertTrue(o.out().contains("\"fact\" : \"role(csm-a-server)\""), o.out());
    Cli.Result s = Cli.inProcess(withHome("status", "--output", "json"));
    assertEquals("[ ]", s.out().strip());
  }

  @Test
  void fullStopUpgradesTheDualSidedExampleAndRebuildsBothLinks() {
    Path fullStop = Cli.example("full-stop-sim.yaml");
    Cli.Result r =
        Cli.inProcess(
            withHome(
                "apply", fullStop.toString(), "--strategy", "full-stop", "--to", "8.5.1", "--yes"));
    assertEquals(0, r.code(), r.toString());
    SimDriver sim = new SimDriver(SimDriver.stateFileFor(home, "ccmp-lab"));
    SimState s = sim.state();
    for (String c : new String[] {"a-database", "b-database", "a-web", "b-web"}) {
      assertEquals("8.5.1", s.component(c).version().text(), c);
      assertEquals(dev.baton.facts.ServiceState.RUNNING, s.component(c).service(), c);
    }
    assertEquals(dev.baton.facts.LinkState.SYNCED, s.link("report-db").state());
    assertEquals(dev.baton.facts.LinkState.SYNCED, s.link("main-db").state());
    java.util.List<String> order =
        sim.actions().stream()
            .filter(a -> a.verb().endsWith("replication"))
            .map(a -> a.verb() + " " + a.target())
            .toList();
    assertEquals(
        java.util.List.of(
            "remove-replication report-db",
            "remove-replication main-db",
            "rebuild-replication main-db",
            "rebuild-replication report-db"),
        order);
  }

  @Test
  void aCorruptJournalIsRefusedAndNothingIsSent() throws Exception {
    Cli.Result r =
        Cli.inProcess(
            withHome("apply", takeover.toString(), "--strategy", "takeover", "--to", "2.0"));
    assertEquals(3, r.code(), r.toString());
    String run = runId(r.out());
    int actions = new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).actions().size();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("journal.db"));
        var st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE events SET sentence = 'flipped' WHERE seq = (SELECT max(seq) FROM events"
              + " WHERE sentence IS NOT NULL)");
    }
    Cli.Result resumed = Cli.inProcess(withHome("resume", run, "--yes"));
    assertEquals(3, resumed.code(), resumed.toString());
    assertTrue(resumed.err().contains("no automatic action"), resumed.err());
    assertEquals(actions, new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).actions().size());
    assertNoStackTrace(resumed);
  }

  @Test
  void unknownRunIsBadInput() {
    Cli.Result r = Cli.inProcess(withHome("resume", "r-nope"));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("baton: no run r-nope in "), r.err());
  }

  @Test
  void everyCommandHasAnExampleInItsHelp() {
    for (String c :
        new String[] {
          "validate", "plan", "apply", "status", "resume", "abort", "approve", "observe", "report"
        }) {
      Cli.Result r = Cli.inProcess(c, "--help");
      assertEquals(0, r.code(), c + ": " + r);
      assertTrue(r.out().contains("Example"), c + " help has no example:\n" + r.out());
    }
  }

  static void assertNoStackTrace(Cli.Result r) {
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}
