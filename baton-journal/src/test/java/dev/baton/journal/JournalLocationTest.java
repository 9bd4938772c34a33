package dev.baton.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JournalLocationTest {

  @Test
  void aPostgresqlUrlBecomesAJdbcUrlAndIsShownWithItsUserButNoPassword() {
    var pg =
        (JournalLocation.Postgres)
            JournalLocation.parse(
                "postgresql://baton@db-a:5432,db-b:5432/baton?targetServerType=primary",
                "env:BATON_PG_PASSWORD");

    assertEquals(
        "jdbc:postgresql://db-a:5432,db-b:5432/baton?targetServerType=primary", pg.jdbcUrl());
    assertEquals("baton", pg.user());
    assertEquals(
        "postgresql://baton@db-a:5432,db-b:5432/baton?targetServerType=primary", pg.shown());
  }

  @Test
  void everyConnectionAsksForTheMemberThatTakesWritesAndCarriesNoPassword() {
    var pg =
        (JournalLocation.Postgres)
            JournalLocation.parse("postgresql://baton@db-a,db-b/baton", "env:BATON_PG_PASSWORD");

    var p = pg.connectionProperties();

    assertEquals("primary", p.getProperty("targetServerType"));
    assertEquals("baton", p.getProperty("user"));
    assertEquals(null, p.getProperty("password"));
  }

  @Test
  void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
    for (String url :
        new String[] {
          "postgresql://baton:s3cret@db/baton", "postgres://db/baton?password=s3cret"
        }) {
      var e = assertThrows(JournalLocation.Refused.class, () -> JournalLocation.parse(url, null));
      assertTrue(e.getMessage().startsWith("the journal URL carries a password"), e.getMessage());
      assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
    }
  }

  @Test
  void aPasswordIsOnlyEverAReference() {
    var e =
        assertThrows(
            JournalLocation.Refused.class,
            () -> JournalLocation.parse("postgresql://db/baton", "s3cret"));
    assertEquals(
        "a journal password is given by reference, env:NAME or file:PATH, never as itself",
        e.getMessage());
  }

  @Test
  void anUnsetPasswordReferenceIsRefusedWhenTheJournalOpens() {
    var location = JournalLocation.parse("postgresql://127.0.0.1:1/baton", "env:BATON_NO_SUCH_VAR");
    var e = assertThrows(JournalLocation.Refused.class, location::open);
    assertEquals("the journal password env:BATON_NO_SUCH_VAR is not set", e.getMessage());
  }

  @Test
  void anythingElseIsAFileExceptAnotherScheme() {
    assertEquals(
        new JournalLocation.SqliteFile(Path.of("j.db").toAbsolutePath()),
        JournalLocation.parse("j.db", null));
    assertThrows(
        JournalLocation.Refused.class, () -> JournalLocation.parse("mysql://db/baton", null));
  }
}
