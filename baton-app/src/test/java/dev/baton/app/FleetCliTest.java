package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet and worker commands on the embedded SQLite journal, and their bad input. */
class FleetCliTest {

  @TempDir Path dir;
  private Path home;

  @BeforeEach
  void threeSystems() throws Exception {
    home = dir.resolve("home");
    Files.createDirectories(dir.resolve("systems"));
    for (int i = 1; i <= 3; i++) {
      Files.writeString(
          dir.resolve("systems/s" + i + ".yaml"),
          """
          system: s%d
          driver: sim
          roleModel: active-standby
          sides:
            - name: A
          nodes:
            - name: n1
              side: A
          components:
            - name: db
              node: n1
              kind: database
              version: "1.0"
              order: 1
          """
              .formatted(i));
    }
  }

  private Path fleet(String text) throws Exception {
    Path f = dir.resolve("fleet.yaml");
    Files.writeString(f, text);
    return f;
  }

  private static final String SMALL =
      """
      fleet: small
      systems:
        - topology: systems/*.yaml
          strategy: full-stop
          to: "2.0"
      rollout:
        waves: [1, rest]
        yes: true
      """;

  private Cli.Result baton(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--home";
    all[args.length + 1] = home.toString();
    return Cli.inProcess(all);
  }

  @Test
  void oneWorkerRunsAFleetOnTheEmbeddedJournalAndStatusShowsEverySystem() throws Exception {
    Cli.Result applied = baton("fleet", "apply", fleet(SMALL).toString());
    assertEquals(0, applied.code(), applied.toString());
    assertTrue(applied.out().startsWith("fleet small: 3 systems in 2 waves (1, 2) defined in "));

    Cli.Result worked = baton("worker", "--name", "w1", "--until-settled", "--poll-ms", "50");
    assertEquals(0, worked.code(), worked.toString());
    assertTrue(worked.out().contains("s1: done: all 5 steps of full-stop are done"), worked.out());

    Cli.Result status = baton("fleet", "status", "small");
    assertTrue(
        status.out().startsWith("fleet small: finished: 3 of 3 systems done\n"), status.out());
    assertTrue(status.out().contains("s3                          2  done     w1"), status.out());
    assertEquals(0, baton("fleet", "apply", fleet(SMALL).toString()).code(), "the same again");
  }

  @Test
  void pauseResumeAndAbortSayWhoAndWhy() throws Exception {
    baton("fleet", "apply", fleet(SMALL).toString());

    Cli.Result paused =
        baton("fleet", "pause", "small", "--operator", "alice", "--reason", "change freeze");
    assertEquals(
        "fleet small: paused (paused by alice: change freeze): no new system starts, 3 pending\n",
        paused.out());
    assertEquals(
        "fleet small: wave 1 of 2: 0 running, 3 pending, 0 done\n",
        baton("fleet", "resume", "small").out());
    assertEquals(
        "fleet small: aborted (aborted by bob): 3 systems skipped\n",
        baton("fleet", "abort", "small", "--operator", "bob").out());
    Cli.Result again = baton("fleet", "resume", "small");
    assertEquals(2, again.code());
    assertEquals(
        "baton: fleet small was aborted and stays aborted; define a new fleet to go on\n",
        again.err());
  }

  @Test
  void aBadFleetFileIsRefusedAtItsLineAndColumnWithExitTwo() throws Exception {
    Cli.Result r =
        baton(
            "fleet",
            "apply",
            fleet(SMALL.replace("waves: [1, rest]", "waves: [rest, 1]")).toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(
        r.err()
            .contains(
                "fleet.yaml:7:11: 'rest' takes every system left, so it must be the last wave"),
        r.err());
  }

  @Test
  void anotherDefinitionUnderTheSameNameIsRefused() throws Exception {
    baton("fleet", "apply", fleet(SMALL).toString());
    Cli.Result r =
        baton(
            "fleet", "apply", fleet(SMALL.replace("waves: [1, rest]", "waves: [rest]")).toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("fleet small is already in the journal with another definition"));
  }

  @Test
  void aPasswordInTheJournalUrlIsRefusedAndNeverRepeated() {
    Cli.Result r = baton("status", "--journal", "postgresql://baton:hunter2@db.example/baton");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("baton: the journal URL carries a password"), r.err());
    assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"));
  }
}
