package dev.baton.drivers.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PowerShell a Windows web server would run (seed 000), checked against golden strings. */
class ConnectionStringRegistryTest {

  private static final String PATH = "HKLM:\\SOFTWARE\\WoW6432Node\\Connected\\SupportCenter";
  private static final String ODBC =
      "DRIVER={SQL Server Native Client 11.0};SERVER=%s;DATABASE=Registry;Trusted_Connection=Yes";
  private static final String GET =
      "$ErrorActionPreference = 'Stop'; Get-ItemPropertyValue -LiteralPath "
          + "'HKLM:\\SOFTWARE\\WoW6432Node\\Connected\\SupportCenter' -Name 'RegistryConnect'";

  private final RecordingTransport node = new RecordingTransport();
  private final ConnectionStringRedirector cs = new ConnectionStringRedirector(node);

  private static EntryPoint ep(String path) {
    return new EntryPoint(
        "support-center-db",
        "dc-1",
        Redirection.CONNECTION_STRING,
        Map.of(
            "store", "registry",
            "registryPath", path,
            "valueName", "RegistryConnect",
            "server.dc-1", "SERVER1",
            "server.dc-2", "SERVER2"));
  }

  @Test
  void redirectRendersGetThenSet() throws Exception {
    String before = String.format(ODBC, "SERVER1") + "\r\n";
    node.answer(0, before, "").answer(0, before, "").answer(0, "", "");

    cs.redirect(ep(PATH), "dc-2");

    assertEquals(3, node.commands.size());
    assertEquals(
        List.of("powershell", "-NoProfile", "-NonInteractive", "-Command", GET),
        node.commands.get(0).argv());
    assertEquals(
        "$ErrorActionPreference = 'Stop'; Set-ItemProperty -LiteralPath "
            + "'HKLM:\\SOFTWARE\\WoW6432Node\\Connected\\SupportCenter' -Name 'RegistryConnect' "
            + "-Value 'DRIVER={SQL Server Native Client 11.0};SERVER=SERVER2;DATABASE=Registry;"
            + "Trusted_Connection=Yes'",
        node.script(2));
  }

  @Test
  void singleQuotesAreDoubledInPathAndValue() throws Exception {
    String before = "Server=SERVER1;Uid=sc;Pwd=it's";
    node.answer(0, before, "").answer(0, before, "").answer(0, "", "");

    ActionResult r = cs.redirect(ep("HKLM:\\SOFTWARE\\O'Brien\\App"), "dc-2");

    assertEquals(
        "$ErrorActionPreference = 'Stop'; Get-ItemPropertyValue -LiteralPath "
            + "'HKLM:\\SOFTWARE\\O''Brien\\App' -Name 'RegistryConnect'",
        node.script(0));
    assertEquals(
        "$ErrorActionPreference = 'Stop'; Set-ItemProperty -LiteralPath "
            + "'HKLM:\\SOFTWARE\\O''Brien\\App' -Name 'RegistryConnect' "
            + "-Value 'Server=SERVER2;Uid=sc;Pwd=it''s'",
        node.script(2));
    String all = r.summary() + r.evidence();
    assertFalse(all.contains("it's") || all.contains("it''s"), all);
    assertTrue(r.evidence().contains("-Value 'Server=SERVER2;Uid=sc;Pwd=***'"), r.evidence());
  }

  @Test
  void typographicQuotesAreDoubledToo() {
    assertEquals("'a\u2019\u2019b''c'", PowerShell.quote("a\u2019b'c"));
  }

  @Test
  void alreadyPointingReadsOnce() throws Exception {
    node.answer(0, String.format(ODBC, "server2") + "\r\n", "");

    ActionResult r = cs.redirect(ep(PATH), "dc-2");

    assertEquals(1, node.commands.size());
    assertTrue(r.summary().contains("already"), r.summary());
  }

  @Test
  void pointsAtAndVerifyReadTheValue() throws Exception {
    node.answer(0, String.format(ODBC, "SERVER1"), "")
        .answer(0, String.format(ODBC, "SERVER1"), "")
        .answer(0, String.format(ODBC, "SERVER1"), "");

    assertEquals(Optional.of("dc-1"), cs.pointsAt(ep(PATH)));
    assertTrue(cs.verify(ep(PATH), "dc-1"));
    assertFalse(cs.verify(ep(PATH), "dc-2"));
    assertEquals(GET, node.script(2));
  }

  @Test
  void failedSetReportsTheErrorButNotThePassword() throws Exception {
    String before = "Server=SERVER1;Pwd=hunter2";
    String stderr =
        "Set-ItemProperty : Requested registry access is not allowed.\r\n"
            + "At line:1 char:33\r\n"
            + "+ ... -Value 'Server=SERVER2;Pwd=hunter2'\r\n";
    node.answer(0, before, "").answer(0, before, "").answer(1, "", stderr);

    DriverException e = assertThrows(DriverException.class, () -> cs.redirect(ep(PATH), "dc-2"));

    assertTrue(e.getMessage().contains("Requested registry access is not allowed"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2") || e.evidence().contains("hunter2"));
  }
}
