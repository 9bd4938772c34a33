package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.pg.LocalPgPair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary that asks for a SCRAM password on TCP: Baton reaches it with the password named by
 * {@code passwordSecret}, and without it says where it was refused and why, never the password.
 */
class PgPasswordIT {

  private static final String PASSWORD = "s3cret-Pa55word";

  @TempDir Path home;
  private LocalPgPair pair;
  private Path secretFile;

  @BeforeEach
  void startPairWithAPasswordOnThePrimary() throws Exception {
    pair = LocalPgPair.start();
    pair.pgA().sql("alter user postgres password '" + PASSWORD + "'");
    Files.writeString(
        pair.pgA().dataDir().resolve("pg_hba.conf"),
        "local all all trust\n"
            + "host replication all 127.0.0.0/8 trust\n"
            + "host all all 127.0.0.0/8 scram-sha-256\n");
    // This session was let in under the old rules; the reload applies the new ones after it.
    pair.pgA().sql("select pg_reload_conf()");
    secretFile = Files.writeString(home.resolve("pg-password"), PASSWORD + "\n");
  }

  @AfterEach
  void stopPair() {
    pair.close();
  }

  private Path topology(boolean withSecret) throws Exception {
    String yaml =
        pair.topologyYaml()
                .replaceFirst(
                    "    properties:\n",
                    "    properties:\n" + (withSecret ? "      passwordSecret: pg-password\n" : ""))
            + "secrets:\n  - name: pg-password\n    ref: file:"
            + secretFile
            + "\n";
    return Files.writeString(home.resolve(withSecret ? "with.yaml" : "without.yaml"), yaml);
  }

  private Cli.Result observe(Path topology) {
    return Cli.inProcess("observe", topology.toString(), "--home", home.toString());
  }

  @Test
  void thePasswordSecretLetsBatonInAndItsValueIsPrintedNowhere() throws Exception {
    Cli.Result r = observe(topology(true));

    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("role(pg-a)=primary"), r.toString());
    assertFalse(r.toString().contains(PASSWORD), r.toString());
  }

  @Test
  void withoutTheSecretTheServerRefusesAndTheSentenceSaysWhereAndWhy() throws Exception {
    Cli.Result r = observe(topology(false));

    assertEquals(0, r.code(), r.toString());
    assertFalse(r.out().contains("role(pg-a)="), r.toString());
    assertFalse(r.out().contains("service(pg-a)=running"), r.toString());
    String state =
        r.out().lines().filter(l -> l.startsWith("property(pg-a.state)=")).findFirst().orElse("");
    assertTrue(
        state.contains(
            "no answer at "
                + pair.pgA().host()
                + ":"
                + pair.pgA().port()
                + ": The server requested SCRAM-based authentication, but no password was"
                + " provided."),
        r.out());
  }
}
