package dev.baton.drivers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.Command;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How argv is rendered into the one string an SSH exec request carries. */
class RemoteShellSshTest {

  private static final Duration T = Duration.ofSeconds(5);

  @Test
  void posixQuotesOnlyWhatTheShellWouldReinterpret() {
    Command c = Command.of(T, "psql", "-c", "select 'a b'", "", "$HOME", "x;y", "--port=5432");
    assertEquals(
        "psql -c 'select '\\''a b'\\''' '' '$HOME' 'x;y' '--port=5432'",
        RemoteShell.POSIX.render(c, "root"));
  }

  @Test
  void posixRunsAsAnotherUserThroughNonInteractiveSudo() {
    Command c = Command.of(T, "pg_ctl", "status", "-D", "/var/lib/pg data").as("postgres");
    assertEquals(
        "sudo -n -u postgres -- pg_ctl status -D '/var/lib/pg data'",
        RemoteShell.POSIX.render(c, "baton"));
  }

  @Test
  void posixRunsAsAnotherUserThroughRunuserWhenLoggedInAsRoot() {
    Command c = Command.of(T, "pg_ctl", "status").as("postgres");
    assertEquals("runuser -u postgres -- pg_ctl status", RemoteShell.POSIX.render(c, "root"));
  }

  @Test
  void posixNeedsNoSudoForTheLoginUser() {
    Command c = Command.of(T, "id", "-un").as("postgres");
    assertEquals("id -un", RemoteShell.POSIX.render(c, "postgres"));
  }

  @Test
  void posixReadsAFileWithCatEvenWhenItsNameStartsWithADash() {
    assertEquals("cat -- '-odd/it'\\''s'", RemoteShell.POSIX.readFile("-odd/it's"));
    assertTrue(RemoteShell.POSIX.missing(1, "cat: /x: No such file or directory\n"));
    assertTrue(!RemoteShell.POSIX.missing(1, "cat: /x: Permission denied\n"));
  }

  @Test
  void powershellGoldenCommandWithQuotesAndDollars() {
    Command c = Command.of(T, "Write-Output", "it's \"$HOME\" 100%", "$env:PATH", "’");
    assertEquals(
        "powershell -NoProfile -NonInteractive -Command \"$ErrorActionPreference = 'Stop'; "
            + "& 'Write-Output' ('it''s ' + [char]34 + '$HOME' + [char]34 + ' 100' + [char]37) "
            + "'$env:PATH' '’’'; exit $LASTEXITCODE\"",
        RemoteShell.POWERSHELL.render(c, "baton"));
  }

  @Test
  void powershellLiteralsNeverStartWithACharSoTheyStayText() {
    assertEquals("('' + [char]34 + 'x')", RemoteShell.powershellLiteral("\"x"));
    assertEquals("''", RemoteShell.powershellLiteral(""));
    assertEquals("('a' + [char]10 + 'b')", RemoteShell.powershellLiteral("a\nb"));
  }

  @Test
  void powershellReadsAFileAndSignalsAMissingOneWithItsOwnExitCode() {
    assertEquals(
        "powershell -NoProfile -NonInteractive -Command \"if (Test-Path -LiteralPath"
            + " 'C:\\baton\\it''s.conf' -PathType Leaf) { Get-Content -Raw -LiteralPath"
            + " 'C:\\baton\\it''s.conf' } else { exit 44 }\"",
        RemoteShell.POWERSHELL.readFile("C:\\baton\\it's.conf"));
    assertTrue(RemoteShell.POWERSHELL.missing(44, ""));
  }

  @Test
  void powershellRefusesToSwitchUsers() {
    Command c = Command.of(T, "whoami").as("Administrator");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RemoteShell.POWERSHELL.render(c, "baton"));
    assertEquals(
        "cannot run as Administrator on a Windows node; log in as that user", e.getMessage());
  }
}
