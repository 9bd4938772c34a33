package dev.baton.testkit.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.haproxy.HaproxyRedirector;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HAProxy redirector against a real HAProxy 2.6 with two real TCP servers behind it. */
class HaproxyRedirectorRealTest {

  private LetterServer serverA;
  private LetterServer serverB;
  private LocalHaproxy haproxy;
  private WatchingRuntimeApi api;
  private HaproxyRedirector redirector;
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    serverA = new LetterServer('A');
    serverB = new LetterServer('B');
    haproxy =
        LocalHaproxy.start(
            "pg",
            List.of(
                new LocalHaproxy.Server("a", "127.0.0.1", serverA.port()),
                new LocalHaproxy.Server("b", "127.0.0.1", serverB.port())));
    api = new WatchingRuntimeApi(haproxy, "pg");
    redirector = new HaproxyRedirector(socket -> api);
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket c : clients) {
      c.close();
    }
    try {
      if (haproxy != null) {
        haproxy.close();
      }
    } finally {
      serverA.close();
      serverB.close();
    }
  }

  private EntryPoint ep(Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>();
    p.put("socket", haproxy.socket().toString());
    p.put("backend", "pg");
    p.put("server.pg-a", "a");
    p.put("server.pg-b", "b");
    p.putAll(overrides);
    return new EntryPoint("db", "pg-a", Redirection.LOAD_BALANCER, p);
  }

  private Socket client() throws IOException {
    Socket s = new Socket("127.0.0.1", haproxy.frontendPort());
    s.setSoTimeout(5000);
    clients.add(s);
    return s;
  }

  /** The letter a new client connection through the frontend is greeted with. */
  private char newClientReaches() throws IOException {
    int b = client().getInputStream().read();
    assertTrue(b >= 0, "HAProxy closed the new connection without reaching a server");
    return (char) b;
  }

  private static boolean echoes(Socket s) throws IOException {
    s.getOutputStream().write('x');
    return s.getInputStream().read() == 'x';
  }

  private static boolean cut(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  void switchSendsNewClientsToBAndCutsTheSessionsToA() throws Exception {
    EntryPoint ep = ep(Map.of());
    assertEquals(Optional.of("pg-a"), redirector.pointsAt(ep));
    Socket held = client();
    assertEquals('A', (char) held.getInputStream().read());

    redirector.prepare(ep, "pg-a", "pg-b");
    assertTrue(echoes(held), "draining must let the existing session to A go on");
    assertEquals(0x08, RawState.read(haproxy, "pg").admin("a") & 0x08, "a drains");

    redirector.redirect(ep, "pg-b");
    assertTrue(cut(held), "the session to the fenced server A must be cut");
    assertEquals('B', newClientReaches());
    assertTrue(redirector.verify(ep, "pg-b"));
    assertFalse(redirector.verify(ep, "pg-a"));
    assertEquals(Optional.of("pg-b"), redirector.pointsAt(ep));
    assertEquals(0x01, RawState.read(haproxy, "pg").admin("a") & 0x01, "a is forced into maint");

    redirector.settle(ep, "pg-b");
    assertEquals(List.of("b"), RawState.read(haproxy, "pg").ready());
    assertEquals(List.of(), api.twoReady);
  }

  @Test
  void aSwitchSendsExactlyTheseCommandsInThisOrder() throws Exception {
    EntryPoint ep = ep(Map.of());
    redirector.prepare(ep, "pg-a", "pg-b");
    redirector.redirect(ep, "pg-b");
    redirector.verify(ep, "pg-b");
    assertEquals(
        List.of(
            "set server pg/a state drain",
            "show servers state pg",
            "set server pg/a state maint",
            "shutdown sessions server pg/a",
            "set server pg/b state ready",
            "show servers state pg"),
        api.commands);
  }

  @Test
  void anUnknownServerIsRefusedWithHaproxysOwnWords() throws Exception {
    EntryPoint ep = ep(Map.of("server.pg-a", "zz"));
    DriverException e =
        assertThrows(DriverException.class, () -> redirector.prepare(ep, "pg-a", "pg-b"));
    assertEquals(
        "HAProxy refused \"set server pg/zz state drain\": No such server.", e.getMessage());
    assertTrue(e.evidence().contains("No such server."), e.evidence());
  }

  @Test
  void aRedirectToAServerTheBackendLacksChangesNothing() throws Exception {
    EntryPoint ep = ep(Map.of("server.pg-b", "zz"));
    DriverException e = assertThrows(DriverException.class, () -> redirector.redirect(ep, "pg-b"));
    assertEquals(
        "HAProxy backend pg has no server zz, which the entry point names for pg-b",
        e.getMessage());
    assertEquals(List.of("a"), RawState.read(haproxy, "pg").ready());
    assertEquals('A', newClientReaches());
  }

  @Test
  void weightChangesShowInServersState() throws Exception {
    EntryPoint ep = ep(Map.of());
    redirector.weight(ep, "pg-a", 7);
    assertEquals("7", RawState.read(haproxy, "pg").column("a", "srv_uweight"));
    DriverException e =
        assertThrows(DriverException.class, () -> redirector.weight(ep, "pg-a", 999));
    assertTrue(
        e.getMessage().endsWith(": Absolute weight can only be between 0 and 256 inclusive."),
        e.getMessage());
    assertEquals("7", RawState.read(haproxy, "pg").column("a", "srv_uweight"));
  }

  @Test
  void aMissingSocketIsASentence() {
    String socket = haproxy.socket() + ".missing";
    EntryPoint ep = ep(Map.of("socket", socket));
    DriverException e =
        assertThrows(DriverException.class, () -> new HaproxyRedirector().pointsAt(ep));
    assertEquals(
        "HAProxy's stats socket "
            + socket
            + " does not exist; is HAProxy running with \"stats socket "
            + socket
            + " level admin\" in its global section?",
        e.getMessage());
  }

  @Test
  void redirectingTwiceIsHarmlessAndSwitchingBackWorks() throws Exception {
    EntryPoint ep = ep(Map.of());
    redirector.redirect(ep, "pg-b");
    redirector.redirect(ep, "pg-b");
    assertTrue(redirector.verify(ep, "pg-b"));
    assertEquals('B', newClientReaches());

    redirector.redirect(ep, "pg-a");
    assertTrue(redirector.verify(ep, "pg-a"));
    assertEquals('A', newClientReaches());
    assertEquals(List.of(), api.twoReady);
  }
}
