package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI at the edges of its input: homes, paths, names and keys it cannot use are refused with
 * one sentence and exit 2 before anything runs, and commands that only read create nothing.
 */
class CliEdgesTest {

  @TempDir Path dir;
  private final String takeover = Cli.example("takeover-sim.yaml").toString();

  private static void assertRefused(Cli.Result r, String sentence) {
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains(sentence), r.toString());
    CliTest.assertNoStackTrace(r);
    assertFalse(r.err().contains("internal error"), r.err());
  }

  @Test
  void aHomeThatIsAFileIsRefusedByEveryCommand() throws Exception {
    Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
    String said = "home " + file + " is a file, not a directory";
    String home = file.toString();
    assertRefused(
        Cli.inProcess("plan", takeover, "-s", "takeover", "--to", "2.0", "--home", home), said);
    assertRefused(
        Cli.inProcess("apply", takeover, "-s", "takeover", "--to", "2.0", "--home", home), said);
    assertRefused(Cli.inProcess("status", "--home", home), said);
    assertRefused(Cli.inProcess("observe", takeover, "--home", home), said);
    assertRefused(Cli.inProcess("resume", "r-1", "--home", home), said);
  }

  @Test
  void aHomeBatonCannotWriteIsRefusedWhenARunWouldBeRecorded() {
    Path proc = Path.of("/proc/1");
    assumeTrue(Files.isDirectory(proc) && !Files.isWritable(proc));
    assertRefused(
        Cli.inProcess("apply", takeover, "-s", "takeover", "--to", "2.0", "--home", "/proc/1"),
        "home /proc/1 is a directory Baton cannot write to");
    Cli.Result status = Cli.inProcess("status", "--home", "/proc/1");
    assertEquals(0, status.code(), status.toString());
    assertEquals("no runs yet in /proc/1/journal.db", status.out().strip());
  }

  @Test
  void aHomeIsCreatedButNeverItsMissingParents() {
    Path home = dir.resolve("missing").resolve("home");
    assertRefused(
        Cli.inProcess(
            "apply", takeover, "-s", "takeover", "--to", "2.0", "--home", home.toString()),
        "home " + home + " does not exist, and neither does the directory it would be in");
    assertFalse(Files.exists(dir.resolve("missing")));
  }

  @Test
  void commandsThatOnlyReadCreateNothing() {
    Path home = dir.resolve("home");
    String h = home.toString();
    assertRefused(
        Cli.inProcess("status", "r-nonexistent", "--home", h),
        "no run r-nonexistent in " + home.resolve("journal.db") + "; no runs yet");
    assertRefused(Cli.inProcess("report", "r-nonexistent", "--home", h), "no runs yet");
    assertRefused(Cli.inProcess("approve", "r-nonexistent", "--by", "al", "--home", h), "no run");
    assertRefused(Cli.inProcess("resume", "r-nonexistent", "--home", h), "no run");
    assertRefused(Cli.inProcess("abort", "r-nonexistent", "--home", h), "no run");
    assertEquals(0, Cli.inProcess("status", "--home", h).code());
    assertEquals(0, Cli.inProcess("fleet", "status", "--home", h).code());
    assertRefused(Cli.inProcess("fleet", "status", "q3", "--home", h), "no fleet q3 in ");
    assertRefused(Cli.inProcess("fleet", "pause", "q3", "--home", h), "no fleet q3 in ");
    assertEquals(0, Cli.inProcess("bookmarks", takeover, "--home", h).code());
    assertEquals(0, Cli.inProcess("observe", takeover, "--home", h).code());
    assertEquals(
        0, Cli.inProcess("plan", takeover, "-s", "takeover", "--to", "2.0", "--home", h).code());
    assertFalse(Files.exists(home), "a command that only reads created " + home);
  }

  @Test
  void aCommandThatOnlyReadsFindsTheRunsOfAJournalNamedOutsideItsHome() throws Exception {
    // Given a run recorded in a journal file that --journal names, not the home's own
    String journal = dir.resolve("shared.db").toString();
    Path home = Files.createDirectory(dir.resolve("home"));
    Cli.Result r =
        Cli.inProcess(
            "apply",
            takeover,
            "-s",
            "takeover",
            "--to",
            "2.0",
            "--home",
            home.toString(),
            "--journal",
            journal);
    assertEquals(3, r.code(), r.toString());
    String run = r.out().replaceAll("(?s).*run (r-[0-9a-z-]+) halted.*", "$1");

    // When status reads it, from a home that has no journal.db of its own
    Cli.Result listed = Cli.inProcess("status", "--home", home.toString(), "--journal", journal);

    // Then it lists that run rather than an empty home's nothing
    assertEquals(0, listed.code(), listed.toString());
    assertTrue(
        listed.out().lines().skip(1).findFirst().orElse("").startsWith(run + " "), listed.out());
    assertFalse(Files.exists(home.resolve("journal.db")), "no journal.db made in the home");
  }

  @Test
  void anUnknownRunIdNamesTheRunsThereAre() {
    String h = dir.toString();
    Cli.Result r = Cli.inProcess("apply", takeover, "-s", "takeover", "--to", "2.0", "--home", h);
    assertEquals(3, r.code(), r.toString());
    String run = r.out().replaceAll("(?s).*run (r-[0-9a-z-]+) halted.*", "$1");
    assertRefused(
        Cli.inProcess("status", "r-nonexistent", "--home", h),
        "no run r-nonexistent in " + dir.resolve("journal.db") + "; runs: " + run);
  }

  @Test
  void aFileToWriteInAMissingDirectoryIsRefusedBeforeAnythingRuns() {
    Path home = dir.resolve("home");
    Path missing = dir.resolve("nonexistent-dir");
    String events = missing.resolve("x.jsonl").toString();
    String said = "--events " + events + ": cannot write: directory " + missing + " does not";
    String h = home.toString();
    assertRefused(
        Cli.inProcess(
            "apply", takeover, "-s", "takeover", "--to", "2.0", "--events", events, "--home", h),
        said);
    assertFalse(Files.exists(home), "refused before anything ran, yet the home was created");
    assertRefused(Cli.inProcess("watch", takeover, "--events", events, "--home", h), said);
    assertRefused(
        Cli.inProcess("sync-report", takeover, "--duration", "1s", "--events", events), said);
    Cli.Result run = Cli.inProcess("apply", takeover, "-s", "takeover", "--to", "2.0", "--home", h);
    String id = run.out().replaceAll("(?s).*run (r-[0-9a-z-]+) halted.*", "$1");
    assertRefused(Cli.inProcess("resume", id, "--events", events, "--home", h), said);
    assertRefused(
        Cli.inProcess("report", id, "--out", missing.resolve("r.md").toString(), "--home", h),
        "--out " + missing.resolve("r.md") + ": cannot write: directory " + missing);
    assertRefused(
        Cli.inProcess("report", id, "--out", dir.toString(), "--home", h),
        "--out " + dir + ": cannot write: it is a directory");
    assertFalse(Files.exists(missing), "a missing parent directory was created");
  }

  @Test
  void theGatePolicyIsAnOptionOfEveryStrategyAndOnlyItsPoliciesAreAccepted() {
    Cli.Result fourEyes =
        Cli.inProcess(
            "plan", takeover, "-s", "takeover", "--to", "2.0", "--set", "gates=four-eyes");
    assertEquals(0, fourEyes.code(), fourEyes.toString());
    assertTrue(fourEyes.out().contains("four-eyes"), fourEyes.out());
    Cli.Result fullStop =
        Cli.inProcess(
            "plan", takeover, "-s", "full-stop", "--to", "2.0", "--set", "gates=as-planned");
    assertEquals(0, fullStop.code(), fullStop.toString());
    assertRefused(
        Cli.inProcess(
            "plan", takeover, "-s", "takeover", "--to", "2.0", "--set", "gates=three-eyes"),
        "--set gates=three-eyes is not a gate policy; known: as-planned, four-eyes");
  }

  @Test
  void anUnknownStrategyOptionIsRefusedWithTheOptionsTheStrategyKnows() {
    String h = dir.toString();
    assertRefused(
        Cli.inProcess(
            "plan", takeover, "-s", "takeover", "--to", "2.0", "--set", "nonsense=1", "--home", h),
        "--set nonsense: strategy takeover knows: order, switchBack, maxLagBytes, active");
    assertRefused(
        Cli.inProcess(
            "apply", takeover, "-s", "full-stop", "--to", "2.0", "--set", "order=x", "--home", h),
        "--set order: strategy full-stop takes no options");
    assertRefused(
        Cli.inProcess("switchback", takeover, "--set", "nonsense=1", "--home", h),
        "--set nonsense: strategy switchback knows: to, reverse, maxLagBytes");
    assertRefused(
        Cli.inProcess(
            "plan", takeover, "-s", "takeover", "--to", "2.0", "--set", "maxLagBytes=abc"),
        "--set maxLagBytes=abc: expected a whole number of bytes, 0 or more");
    assertFalse(Files.exists(dir.resolve("journal.db")), "a refused run left a journal");
  }

  @Test
  void anOverrideMustNameAGuardOfThePlanBeingRunAndGiveAReason() {
    String h = dir.toString();
    Cli.Result unknown =
        Cli.inProcess(
            "apply",
            takeover,
            "-s",
            "takeover",
            "--to",
            "2.0",
            "--override",
            "nonexistent-guard=because",
            "--home",
            h);
    assertRefused(
        unknown,
        "--override nonexistent-guard: the takeover plan knows: role-active, role-standby,"
            + " standby-synced, no-transitory-sessions, same-level");
    Cli.Result noReason =
        Cli.inProcess(
            "apply",
            takeover,
            "-s",
            "takeover",
            "--to",
            "2.0",
            "--override",
            "same-level= ",
            "--home",
            h);
    assertRefused(noReason, "--override same-level: a reason is needed");
    Cli.Result halted =
        Cli.inProcess("apply", takeover, "-s", "takeover", "--to", "2.0", "--home", h);
    String id = halted.out().replaceAll("(?s).*run (r-[0-9a-z-]+) halted.*", "$1");
    assertRefused(
        Cli.inProcess("resume", id, "--override", "typo=x", "--home", h),
        "--override typo: the takeover plan of " + id + " knows: role-active");
    assertRefused(
        Cli.inProcess("watch", takeover, "--override", "same-level=x", "--for", "1s", "--home", h),
        "--override same-level: watch --on-failure alert knows: both-automatic");
    Cli.Result ok =
        Cli.inProcess(
            "apply",
            takeover,
            "-s",
            "takeover",
            "--to",
            "2.0",
            "--override",
            "same-level=known",
            "--home",
            dir.resolve("other").toString());
    assertEquals(3, ok.code(), ok.toString());
  }

  @Test
  void numbersUrlsAndSecretFilesOutOfRangeAreRefusedOrLeftUnread() throws Exception {
    String h = dir.toString();
    assertRefused(
        Cli.inProcess(
            "apply",
            takeover,
            "-s",
            "takeover",
            "--to",
            "2.0",
            "--verify-timeout",
            "99999999999",
            "--home",
            h),
        "--verify-timeout 99999999999: expected 0 to 86400");
    assertRefused(
        Cli.inProcess("watch", takeover, "--heartbeat", "999999999h", "--home", h),
        "'999999999h' is longer than a year (8760h)");
    Cli.Result webhook =
        Cli.inProcess(
            "watch",
            takeover,
            "--alert-webhook",
            "ftp://hooks.example/x?token=s3cr3t",
            "--home",
            h);
    assertRefused(webhook, "--alert-webhook is not an http or https URL with a host");
    assertFalse(webhook.err().contains("s3cr3t"), webhook.err());
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    Path topology = dir.resolve("device-secret.yaml");
    Files.writeString(
        topology,
        Files.readString(Path.of(takeover)).replace("env:CSM_ADMIN_PASSWORD", "file:" + zero));
    Cli.Result r =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(60),
            () ->
                Cli.inProcess(
                    "apply", topology.toString(), "-s", "takeover", "--to", "2.0", "--home", h));
    assertEquals(3, r.code(), r.toString());
  }

  @Test
  void aPathTheSystemCannotHoldIsASentenceNotAClassName() {
    // Found by the CLI fuzzer (seed 20262740): picocli named InvalidPathException.
    assertRefused(
        Cli.inProcess("bookmarks", "a\u0000b", "--home", dir.toString()),
        "'a\\u0000b' is not a path: Nul character not allowed");
  }

  @Test
  void anUnknownStepToApproveIsRefusedWithTheGatedStepsOfTheRun() {
    String h = dir.toString();
    Cli.Result halted =
        Cli.inProcess("apply", takeover, "-s", "takeover", "--to", "2.0", "--home", h);
    String id = halted.out().replaceAll("(?s).*run (r-[0-9a-z-]+) halted.*", "$1");
    assertRefused(
        Cli.inProcess("approve", id, "--step", "upgrade-csm-c", "--by", "al", "--home", h),
        "run "
            + id
            + " has no step upgrade-csm-c; its gated steps: upgrade-csm-a-server,"
            + " upgrade-csm-b-server");
  }
}
