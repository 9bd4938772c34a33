package dev.baton.drivers.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ClusterLabs protocol as Baton speaks it: options on standard input, exit codes read as the
 * protocol says, a timeout as a failure, secrets on no command line and in no output. Against a
 * small agent written here, and against Debian's {@code fence_dummy} (package fence-agents).
 */
class FenceAgentTest {

  private static final String SECRET = "s3cret-Pw";
  private static final Function<String, String> SECRETS =
      name -> {
        if ("ipmi-password".equals(name)) {
          return SECRET;
        }
        throw new IllegalArgumentException("is not among the topology's secrets");
      };

  @TempDir Path dir;

  // Records what it was given, then answers as its mode file says.
  private static final String AGENT =
      """
      #!/bin/sh
      dir=$(dirname "$0")
      input=$(cat)
      printf '%s\\n--\\n' "$input" >> "$dir/calls"
      echo "$*" >> "$dir/args"
      action=$(printf '%s\\n' "$input" | sed -n 's/^action=//p')
      pw=$(printf '%s\\n' "$input" | sed -n 's/^passwd=//p')
      case "$(cat "$dir/mode"):$action" in
        ok:off) echo "logged in with $pw; Success: Powered OFF"; echo off > "$dir/state"; exit 0;;
        ok:status)
          if [ "$(cat "$dir/state" 2>/dev/null)" = off ]; then echo "Status: OFF"; exit 2; fi
          echo "Status: ON"; exit 0;;
        fail:*) echo "Failed: Unable to connect/login to fencing device" >&2; exit 1;;
        hang:*) sleep 60; exit 0;;
        liar:off) echo "Success: Powered OFF"; exit 0;;
        liar:status) echo "Status: ON"; exit 0;;
      esac
      exit 1
      """;

  private Path agent(String mode) throws Exception {
    Path a = dir.resolve("fence_test");
    Files.writeString(a, AGENT);
    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(dir.resolve("mode"), mode);
    return a;
  }

  private FenceAgent fenceAgent(Path program, Duration timeout) {
    return new FenceAgent(
        program.toString(),
        "node-a",
        Map.of("ipaddr", "10.0.0.9", "login", "admin"),
        Map.of("passwd", "ipmi-password"),
        timeout);
  }

  @Test
  void offThenStatusOffIsAProofAndTheOptionsGoOnStandardInput() throws Exception {
    FenceAgent a = fenceAgent(agent("ok"), Duration.ofSeconds(10));

    FenceAgent.Outcome off = a.off(SECRETS);
    FenceAgent.Outcome status = a.status(SECRETS);

    assertTrue(off.ok(), off.transcript());
    assertTrue(status.off(), status.transcript());
    assertEquals("action=status: exit 2 (off)", status.summary().replaceAll(" in \\d+ ms", ""));
    String calls = Files.readString(dir.resolve("calls"));
    for (String line :
        new String[] {
          "action=off", "nodename=node-a", "ipaddr=10.0.0.9", "login=admin", "passwd=" + SECRET
        }) {
      assertTrue(calls.contains(line + "\n"), calls);
    }
    assertEquals("\n\n", Files.readString(dir.resolve("args")), "nothing on the command line");
    assertFalse(off.output().contains(SECRET), off.output());
    assertTrue(off.output().contains("logged in with ***"), off.output());
  }

  @Test
  void anAgentThatFailsOrIsOnAfterOffProvesNothing() throws Exception {
    FenceAgent failing = fenceAgent(agent("fail"), Duration.ofSeconds(10));
    FenceAgent.Outcome off = failing.off(SECRETS);
    assertFalse(off.ok());
    assertEquals(1, off.exitCode());
    assertTrue(off.transcript().contains("Unable to connect"), off.transcript());

    FenceAgent liar = fenceAgent(agent("liar"), Duration.ofSeconds(10));
    assertTrue(liar.off(SECRETS).ok());
    FenceAgent.Outcome status = liar.status(SECRETS);
    assertFalse(status.off(), "status answers on: " + status.transcript());
  }

  @Test
  void anAgentThatDoesNotEndInTimeIsKilledAndCountsAsFailed() throws Exception {
    FenceAgent a = fenceAgent(agent("hang"), Duration.ofMillis(300));

    long t0 = System.nanoTime();
    FenceAgent.Outcome off = a.off(SECRETS);
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertTrue(off.timedOut());
    assertFalse(off.ok());
    assertFalse(off.off());
    assertTrue(ms < 30_000, "the agent was killed, not waited for: " + ms + " ms");
    assertTrue(off.summary().contains("timed out"), off.summary());
  }

  @Test
  void aMissingSecretOrProgramIsASentence() throws Exception {
    FenceAgent noSecret =
        new FenceAgent(
            agent("ok").toString(),
            "node-a",
            Map.of(),
            Map.of("passwd", "not-there"),
            Duration.ofSeconds(5));
    FenceAgent.FenceException e =
        assertThrows(FenceAgent.FenceException.class, () -> noSecret.off(SECRETS));
    assertTrue(e.getMessage().contains("names the secret not-there"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("calls")), "the agent did not run");

    FenceAgent missing =
        new FenceAgent(
            dir.resolve("fence_none").toString(),
            "node-a",
            Map.of(),
            Map.of(),
            Duration.ofSeconds(5));
    FenceAgent.FenceException m =
        assertThrows(FenceAgent.FenceException.class, () -> missing.status(SECRETS));
    assertTrue(m.getMessage().contains("cannot run the fence agent"), m.getMessage());
  }

  @Test
  void debiansFenceDummySpeaksTheSameProtocol() throws Exception {
    Path program = Path.of("/usr/sbin/fence_dummy");
    assertTrue(
        Files.isExecutable(program), "fence_dummy (Debian package fence-agents) is installed");
    Path statusFile = dir.resolve("dummy.status");
    Files.writeString(statusFile, "on");
    FenceAgent a =
        new FenceAgent(
            program.toString(),
            "node-a",
            Map.of("type", "file", "status_file", statusFile.toString()),
            Map.of(),
            Duration.ofSeconds(20));

    FenceAgent.Outcome before = a.status(SECRETS);
    FenceAgent.Outcome off = a.off(SECRETS);
    FenceAgent.Outcome after = a.status(SECRETS);

    assertTrue(before.ok(), "on before: " + before.transcript());
    assertTrue(off.ok(), off.transcript());
    assertTrue(after.off(), after.transcript());
    assertEquals("off", Files.readString(statusFile));
  }
}
