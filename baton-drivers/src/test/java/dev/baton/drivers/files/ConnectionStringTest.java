package dev.baton.drivers.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionStringTest {

  private static String server(String cs) {
    return ConnectionString.server(cs).of(cs);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "Server=db-a;Database=Portal;Integrated Security=SSPI | db-a",
        "Data Source = db-a\\SQLEXPRESS ; Initial Catalog=Portal | db-a\\SQLEXPRESS",
        "DRIVER={SQL Server Native Client 11.0};SERVER=SERVER1;DATABASE=Registry | SERVER1",
        "Driver={odd;Server=x};Server=db-a | db-a",
        "Server=db-a;Password=\"x;Server=evil\" | db-a",
        "Server=\"db-a\";Database=Portal | db-a",
        "provider=System.Data.SqlClient;provider connection string=\"data source=db-a;"
            + "initial catalog=Portal\" | db-a"
      })
  void findsTheServerAndOnlyTheServer(String cs, String server) {
    assertEquals(server, server(cs));
  }

  @Test
  void refusesNoServerOrTwoWithoutQuotingThePassword() {
    IllegalStateException none =
        assertThrows(IllegalStateException.class, () -> server("Database=Portal;Pwd=hunter2"));
    IllegalStateException two =
        assertThrows(IllegalStateException.class, () -> server("Server=a;Data Source=b;Pwd=x1"));

    assertTrue(none.getMessage().contains("no server"), none.getMessage());
    assertFalse(none.getMessage().contains("hunter2"), none.getMessage());
    assertTrue(two.getMessage().contains("2 times") && !two.getMessage().contains("x1"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "Server=a;Password=hunter2;Encrypt=True | Server=a;Password=***;Encrypt=True",
        "Server=a;PWD={p;w}}d};X=1 | Server=a;PWD=***;X=1",
        "Server=a;password = \"a;b\" | Server=a;password = ***",
        "Server=a;Pwd='it''s' | Server=a;Pwd=***"
      })
  void masksPasswords(String cs, String masked) {
    assertEquals(masked, Secrets.mask(cs));
  }
}
