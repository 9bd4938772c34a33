package dev.baton.drivers.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {

  @TempDir Path dir;

  private Path passwd() throws Exception {
    return Files.writeString(
        dir.resolve("passwd"),
        "root:x:0:0:root:/root:/bin/bash\n"
            + "postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n");
  }

  @Test
  void rootSwitchesToAUserOfThePasswdFileWithSetprivAndItsHome() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("HOME", "/root"));

    List<String> prefix = new Accounts(passwd(), true).switchTo("postgres", env);

    assertEquals(List.of("setpriv", "--reuid=101", "--regid=104", "--init-groups", "--"), prefix);
    assertEquals("/var/lib/postgresql", env.get("HOME"));
    assertEquals("postgres", env.get("USER"));
    assertEquals("postgres", env.get("LOGNAME"));
  }

  @Test
  void aUserThePasswdFileDoesNotNameIsLeftToRunuser() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("HOME", "/root"));

    List<String> prefix = new Accounts(passwd(), true).switchTo("ldap-user", env);

    assertEquals(List.of("runuser", "-u", "ldap-user", "--"), prefix);
    assertEquals("/root", env.get("HOME"));
  }

  @Test
  void aHostWithoutSetprivUsesRunuser() throws Exception {
    List<String> prefix = new Accounts(passwd(), false).switchTo("postgres", new HashMap<>());

    assertEquals(List.of("runuser", "-u", "postgres", "--"), prefix);
  }

  @Test
  void aCommandRunAsPostgresRunsAsItWithItsGroupsAndHome() throws Exception {
    // Given root on a machine with a postgres account (the test machines have one)
    assumeTrue("root".equals(System.getProperty("user.name")));
    assumeTrue(Accounts.local().account("postgres").isPresent());

    // When a command runs as postgres
    CommandResult r =
        new LocalTransport()
            .run(
                new Command(
                    List.of("sh", "-c", "echo $(id -un) $(id -gn) $HOME $USER; id -Gn"),
                    "postgres",
                    Duration.ofSeconds(10)));

    // Then it ran as postgres, in its group, with the variables runuser would set
    String home = Accounts.local().account("postgres").orElseThrow().home();
    List<String> lines = r.stdout().lines().toList();
    assertEquals("postgres postgres " + home + " postgres", lines.get(0), r.stderr());
    ProcessBuilder runuser = new ProcessBuilder("runuser", "-u", "postgres", "--", "id", "-Gn");
    Process p = runuser.start();
    assertEquals(new String(p.getInputStream().readAllBytes()).strip(), lines.get(1));
  }
}
