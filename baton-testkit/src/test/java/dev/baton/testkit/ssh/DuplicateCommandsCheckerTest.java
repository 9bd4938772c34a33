package dev.baton.testkit.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.ssh.TaggedCommands.Ending;
import dev.baton.testkit.ssh.TaggedCommands.Sent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The duplicate-commands checker must fail on a record that shows one command twice. */
class DuplicateCommandsCheckerTest {

  @TempDir Path record;

  private static final List<Sent> THREE_SENT =
      List.of(
          new Sent(1, "node-a", "[postgres] pg_ctl status -D /d", Ending.RESULT),
          new Sent(2, "node-a", "[postgres] pg_ctl promote -D /d", Ending.OUTCOME_UNKNOWN),
          new Sent(3, "node-b", "[postgres] pg_ctl stop -D /d", Ending.RESULT));

  private void shell(String file, long... ids) throws Exception {
    StringBuilder in = new StringBuilder();
    for (long id : ids) {
      in.append("{ env BATON_COMMAND_ID=").append(id).append(" pg_ctl status\n} </dev/null\n");
    }
    Files.writeString(record.resolve(file), in.toString());
  }

  @Test
  void eachCommandReceivedOncePasses() throws Exception {
    Files.writeString(record.resolve("exec-1"), "exec /bin/sh\n");
    shell("shell-1", 1, 2);
    Files.writeString(record.resolve("exec-2"), "env BATON_COMMAND_ID=3 pg_ctl stop\n");

    DuplicateCommandsChecker.Result r = DuplicateCommandsChecker.check(record, THREE_SENT);

    assertTrue(r.ok(), r.summary());
    assertEquals(
        "no duplicated commands: 3 commands sent, 3 received, 0 never arrived,"
            + " 1 with their outcome unknown",
        r.summary());
  }

  @Test
  void aCommandReceivedTwiceFails() throws Exception {
    shell("shell-1", 1, 2);
    // A second session that carried command 2 again, as a blind retry on a new link would.
    shell("shell-2", 2);

    DuplicateCommandsChecker.Result r = DuplicateCommandsChecker.check(record, THREE_SENT);

    assertFalse(r.ok());
    assertEquals(List.of("id 2 2 times (node-a: [postgres] pg_ctl promote -D /d)"), r.duplicated());
    assertEquals(
        "DUPLICATED COMMANDS: 1 received more than once"
            + " [id 2 2 times (node-a: [postgres] pg_ctl promote -D /d)];"
            + " 3 commands sent, 2 received, 1 never arrived, 1 with their outcome unknown",
        r.summary());
  }

  @Test
  void anIdThatIsOnlyAPrefixOfAnotherIsNotCountedForIt() throws Exception {
    shell("shell-1", 1, 12);

    DuplicateCommandsChecker.Result r = DuplicateCommandsChecker.check(record, THREE_SENT);

    assertTrue(r.ok(), r.summary());
    assertEquals(2, r.received());
  }
}
