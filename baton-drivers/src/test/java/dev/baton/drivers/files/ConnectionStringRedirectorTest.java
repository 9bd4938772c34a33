package dev.baton.drivers.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.LocalTransport;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionStringRedirectorTest {

  @TempDir Path dir;
  private final CountingTransport node = new CountingTransport();
  private final ConnectionStringRedirector cs = new ConnectionStringRedirector(node);

  private static EntryPoint ep(String... kv) {
    Map<String, String> p = new HashMap<>();
    p.put("server.db-a", "db-a");
    p.put("server.db-b", "db-b");
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return new EntryPoint("portal-db", "db-a", Redirection.CONNECTION_STRING, p);
  }

  private EntryPoint xml(Path file, String element) {
    return ep(
        "store",
        "file",
        "file",
        file.toString(),
        "format",
        "xml-attribute",
        "element",
        element,
        "attribute",
        "connectionString");
  }

  private EntryPoint properties(Path file, String key) {
    return ep("store", "file", "file", file.toString(), "format", "properties", "key", key);
  }

  private Path copy(String resource) throws IOException {
    Path f = dir.resolve(resource);
    Files.writeString(f, resource(resource));
    return f;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ConnectionStringRedirectorTest.class.getResourceAsStream("/files/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void propertiesLineGetsTheNewServerAndNothingElseChanges() throws Exception {
    Path f = copy("portal.properties");

    cs.redirect(properties(f, "portal.db"), "db-b");

    String expected =
        resource("portal.properties")
            .replace("portal.db = Server=db-a;", "portal.db = Server=db-b;");
    assertEquals(expected, Files.readString(f));
    assertEquals(Optional.of("db-b"), cs.pointsAt(properties(f, "portal.db")));
    assertTrue(cs.verify(properties(f, "portal.db"), "db-b"));
    assertFalse(cs.verify(properties(f, "portal.db"), "db-a"));
  }

  @Test
  void lastLineWithoutNewlineIsFound() throws Exception {
    Path f = copy("portal.properties");

    cs.redirect(properties(f, "report.db"), "db-b");

    assertTrue(Files.readString(f).endsWith("report.db=Data Source=db-b;Initial Catalog=Reports"));
  }

  @Test
  void xmlAttributeGetsTheNewServerAndNothingElseChanges() throws Exception {
    Path f = copy("web.config");

    cs.redirect(xml(f, "add name=\"Portal\""), "db-b");

    String expected =
        resource("web.config").replace("\"Server=db-a;Database", "\"Server=db-b;Database");
    assertEquals(expected, Files.readString(f));
    assertEquals(Optional.of("db-b"), cs.pointsAt(xml(f, "add name=\"Portal\"")));
  }

  @Test
  void entityFrameworkNestedStringIsEditedInside() throws Exception {
    Path f = copy("web.config");

    cs.redirect(xml(f, "add name=\"PortalModel\""), "db-b");

    String expected =
        resource("web.config").replace("&quot;data source=db-a;", "&quot;data source=db-b;");
    assertEquals(expected, Files.readString(f));
  }

  @Test
  void serverIsEscapedForXml() throws Exception {
    Path f = copy("web.config");
    EntryPoint ep = xml(f, "add name=\"Reporting\"");
    Map<String, String> p = new HashMap<>(ep.properties());
    p.put("server.db-b", "db-b\\A&B");
    ep = new EntryPoint(ep.name(), "db-a", Redirection.CONNECTION_STRING, p);

    cs.redirect(ep, "db-b");

    assertTrue(Files.readString(f).contains("'Data Source=db-b\\A&amp;B;Initial"));
    assertEquals(Optional.of("db-b"), cs.pointsAt(ep));
  }

  @Test
  void secondRedirectWritesNothing() throws Exception {
    Path f = copy("web.config");

    cs.redirect(xml(f, "add name=\"Portal\""), "db-b");
    String once = Files.readString(f);
    ActionResult again = cs.redirect(xml(f, "add name=\"Portal\""), "db-b");

    assertEquals(1, node.runs.size());
    assertEquals(once, Files.readString(f));
    assertTrue(again.summary().contains("already"), again.summary());
  }

  @Test
  void passwordNeverReachesTheEvidence() throws Exception {
    Path props = copy("portal.properties");
    Path web = copy("web.config");

    ActionResult a = cs.redirect(properties(props, "portal.db"), "db-b");
    ActionResult b = cs.redirect(xml(web, "add name=\"Portal\""), "db-b");
    ActionResult c = cs.redirect(xml(web, "add name=\"Portal\""), "db-b");

    for (ActionResult r : new ActionResult[] {a, b, c}) {
      String all = r.summary() + "\n" + r.evidence();
      assertFalse(all.contains("hunter2") || all.contains("s3cr"), all);
    }
    assertTrue(a.evidence().contains("Pwd=***"), a.evidence());
    assertTrue(b.evidence().contains("Password=***;Encrypt=True"), b.evidence());
  }

  @Test
  void failedWriteDoesNotQuoteThePassword() throws Exception {
    Path f = copy("portal.properties");
    Transport refusing =
        new Transport() {
          @Override
          public CommandResult run(Command c) {
            return new CommandResult(
                c, 1, "", "mv: cannot move: Permission denied\n", Duration.ZERO);
          }

          @Override
          public Optional<String> readFile(String path) throws DriverException {
            return new LocalTransport().readFile(path);
          }

          @Override
          public InetSocketAddress reach(String host, int port) {
            return new InetSocketAddress(host, port);
          }
        };

    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                new ConnectionStringRedirector(refusing)
                    .redirect(properties(f, "portal.db"), "db-b"));

    assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertEquals(resource("portal.properties"), Files.readString(f));
  }

  @Test
  void ambiguousOrMissingSettingIsRefused() throws Exception {
    Path f = dir.resolve("twice.config");
    Files.writeString(
        f,
        "<c><add name=\"Portal\" connectionString=\"Server=db-a\"/>\n"
            + "<add  name=\"Portal\" connectionString=\"Server=db-a\"/></c>\n");

    DriverException twice =
        assertThrows(
            DriverException.class, () -> cs.redirect(xml(f, "add name=\"Portal\""), "db-b"));
    DriverException none =
        assertThrows(DriverException.class, () -> cs.pointsAt(properties(f, "portal.db")));

    assertTrue(twice.getMessage().contains("has 2 of"), twice.getMessage());
    assertTrue(none.getMessage().contains("has no"), none.getMessage());
    assertEquals(0, node.runs.size());
  }

  @Test
  void unknownServerPointsAtNothing() throws Exception {
    Path f = dir.resolve("app.properties");
    Files.writeString(f, "db=Server=db-z;Database=Portal\n");

    assertEquals(Optional.empty(), cs.pointsAt(properties(f, "db")));
  }
}
