package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.strategy.Strategies;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What an operator meets first: help that reads as sentences and names every strategy, a plan that
 * says (and exits 3) when it would be refused now, and switchovers that say "already done" with
 * exit 0 when there is nothing to switch.
 */
class FirstContactCliTest {

  @TempDir Path home;

  private Cli.Result run(String... args) {
    String[] withHome = new String[args.length + 2];
    System.arraycopy(args, 0, withHome, 0, args.length);
    withHome[args.length] = "--home";
    withHome[args.length + 1] = home.toString();
    return Cli.inProcess(withHome);
  }

  @Test
  void everyCommandsFirstLineOfHelpIsAWholeSentence() {
    assertTrue(Main.commands().size() >= 17, "the product has its commands");
    for (CommandSpec c : Main.commands()) {
      String[] description = c.usageMessage().description();
      assertTrue(description.length > 0, c.name() + " has no description");
      for (String paragraph : description) {
        assertTrue(
            paragraph.endsWith(".") && Character.isUpperCase(paragraph.charAt(0)),
            c.name() + ": a description line is not a whole sentence: " + paragraph);
      }
      // The command list shows the first line in a 62-column field: at most two lines of it.
      assertTrue(description[0].length() <= 124, c.name() + ": " + description[0]);
    }
  }

  @Test
  void theStrategyOptionNamesEveryStrategy() {
    Cli.Result help = Cli.inProcess("plan", "--help");
    assertEquals(0, help.code(), help.toString());
    String flat = help.out().replaceAll("\\s+", " ");
    for (String s : Strategies.names()) {
      assertTrue(flat.contains(" " + s + ",") || flat.contains(" " + s + "."), s + ": " + flat);
    }
  }

  @Test
  void aPlanThatWouldBeRefusedNowSaysSoAndExits3() throws Exception {
    // The split-side example's passphrase is not set here: its preflight guard refuses now.
    Path copy = home.resolve("ccmp.yaml");
    Files.copy(Path.of("..", "examples", "ccmp-dual-side.yaml"), copy);
    Cli.Result refused = run("plan", copy.toString(), "-s", "split-side", "--to", "8.5.1");
    assertEquals(3, refused.code(), refused.toString());
    assertTrue(refused.out().contains("1 step would be refused now:"), refused.out());
    assertTrue(refused.out().contains("step 1 (preflight): same-passphrase:"), refused.out());

    Cli.Result json =
        run("plan", copy.toString(), "-s", "split-side", "--to", "8.5.1", "-o", "json");
    assertEquals(3, json.code(), json.toString());
    assertTrue(json.out().contains("\"refusedNow\""), json.out());

    Cli.Result fine = run("plan", "../examples/takeover-sim.yaml", "-s", "takeover", "--to", "2.0");
    assertEquals(0, fine.code(), fine.toString());
    assertTrue(fine.out().contains("no step would be refused now"), fine.out());
  }

  @Test
  void aPlanWithAStepItsDriverCannotCarryOutExits3BeforeStep1() {
    // The simulator has no checkpoint, which a switchover starts with.
    Cli.Result r = run("plan", "../examples/takeover-sim.yaml", "-s", "switchover");
    assertEquals(3, r.code(), r.toString());
    assertTrue(
        r.out().contains("refused before step 1: step 2 (checkpoint-csm-a-server)"), r.out());
  }

  @Test
  void aSwitchoverOrSwitchbackWithNothingToDoSaysAlreadyAndExits0() {
    String topology = "../examples/takeover-sim.yaml";
    Cli.Result back = run("switchback", topology, "--yes");
    assertEquals(0, back.code(), back.toString());
    assertTrue(
        back.out().startsWith("already done: csm-a-server is already the active"), back.out());

    Cli.Result over = run("switchover", topology, "--to-node", "csm-a", "--yes");
    assertEquals(0, over.code(), over.toString());
    assertTrue(over.out().contains("nothing to switch over"), over.out());

    Cli.Result json = run("switchover", topology, "--to-node", "csm-a-server", "-o", "json");
    assertEquals(0, json.code(), json.toString());
    assertTrue(json.out().contains("\"outcome\" : \"already\""), json.out());

    Cli.Result status = run("status");
    assertEquals(0, status.code(), status.toString());
    assertFalse(status.out().contains("switchover of"), "no run was started: " + status.out());
  }

  @Test
  void aSwitchoverOntoAMemberThatIsNotThereIsBadInput() {
    Cli.Result r = run("switchover", "../examples/takeover-sim.yaml", "--to-node", "nobody");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("nobody is neither a member of a role group"), r.err());
  }

  @Test
  void statusHasHeadersAndTheGoalAndReportsTellApprovalsAndOverridesAsSentences() {
    String topology = "../examples/takeover-sim.yaml";
    Cli.Result applied = run("apply", topology, "-s", "takeover", "--to", "2.0");
    assertEquals(3, applied.code(), applied.toString());
    Cli.Result list = run("status");
    String[] lines = list.out().split("\n");
    assertTrue(lines[0].matches("RUN +SYSTEM +STRATEGY +GOAL +STATUS +UPDATED"), list.out());
    assertTrue(lines[1].matches("r-\\S+ +csm-prod +takeover +to 2\\.0 +halted +\\S+"), list.out());
    String runId = lines[1].split(" ")[0];

    Cli.Result approve = run("approve", runId, "--by", "alice");
    assertEquals(0, approve.code(), approve.toString());
    Cli.Result report = run("report", runId);
    assertTrue(
        report.out().contains("- alice approved step upgrade-csm-a-server at "), report.out());
    assertFalse(report.out().contains("{at="), report.out());

    Cli.Result downgrade =
        run("apply", topology, "-s", "takeover", "--to", "0.5", "--override", "downgrade=lab test");
    assertTrue(downgrade.code() == 0 || downgrade.code() == 3, downgrade.toString());
    String second = run("status").out().split("\n")[1].split(" ")[0];
    Cli.Result overridden = run("report", second);
    assertTrue(
        overridden
            .out()
            .contains(
                "overrode the guard downgrade at the run (before step 1) because \"lab test\";"
                    + " it had refused: the plan would move"),
        overridden.out());
  }
}
