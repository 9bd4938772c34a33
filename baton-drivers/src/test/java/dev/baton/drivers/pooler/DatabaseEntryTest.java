package dev.baton.drivers.pooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseEntryTest {

  private static final String INI =
      """
      ; managed by hand
      [databases]
      other = host=10.0.0.9 port=5432 dbname=other
      appdb = host=10.0.0.5 port=5432 dbname=app password='it''s\\' a secret'

      [pgbouncer]
      listen_port = 6432
      appdb = not a database line
      """;

  @Test
  void onlyTheHostAndPortOfTheNamedEntryChange() {
    String after = DatabaseEntry.repoint("pgbouncer.ini", INI, "appdb", "10.0.0.6", 5433);

    assertEquals(
        INI.replace(
            "appdb = host=10.0.0.5 port=5432 dbname=app",
            "appdb = host=10.0.0.6 port=5433 dbname=app"),
        after);
  }

  @Test
  void theTargetOfAnEntryIsReadBack() {
    assertEquals("10.0.0.5:5432", DatabaseEntry.target("f.ini", INI, "appdb"));
    assertEquals(
        "10.0.0.6:5433",
        DatabaseEntry.target(
            "f.ini", DatabaseEntry.repoint("f.ini", INI, "appdb", "10.0.0.6", 5433), "appdb"));
  }

  @Test
  void anEntryWithoutAHostGetsOne() {
    String after =
        DatabaseEntry.repoint(
            "f.ini", "[databases]\nappdb = dbname=app\n", "appdb", "127.0.0.1", 6000);

    assertEquals("[databases]\nappdb = host=127.0.0.1 port=6000 dbname=app\n", after);
  }

  @Test
  void aFileWithoutTheEntryIsRefusedWithItsName() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> DatabaseEntry.repoint("pgbouncer.ini", INI, "missing", "h", 1));

    assertEquals(
        "pgbouncer.ini has no entry for database missing in its [databases] section",
        e.getMessage());
  }

  @Test
  void anEntryNamedTwiceIsRefused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                DatabaseEntry.repoint(
                    "f.ini", "[databases]\na = host=x\na = host=y\n", "a", "h", 1));

    assertEquals("f.ini names database a twice in [databases]", e.getMessage());
  }
}
