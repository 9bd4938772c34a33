package dev.baton.drivers.haproxy;

import static dev.baton.drivers.haproxy.ScriptedRuntimeApi.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The commands the redirector sends and how it reads answers, against a scripted API. */
class HaproxyRedirectorTest {

  private final ScriptedRuntimeApi api = new ScriptedRuntimeApi();
  private final HaproxyRedirector redirector = new HaproxyRedirector(socket -> api);

  private static EntryPoint ep(Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>();
    p.put("socket", "/run/haproxy/admin.sock");
    p.put("backend", "pg");
    p.put("server.pg-a", "a");
    p.put("server.pg-b", "b");
    p.put("server.pg-c", "c");
    p.putAll(overrides);
    p.values().removeIf(String::isEmpty);
    return new EntryPoint("db", "pg-a", Redirection.LOAD_BALANCER, p);
  }

  private static final EntryPoint EP = ep(Map.of());

  @Test
  void redirectFencesEveryOtherServerBeforeReadyingTheTarget() throws Exception {
    api.servers(line(1, "a", 2, 0, 1), line(2, "b", 0, 5, 1), line(3, "c", 0, 5, 1));
    ActionResult r = redirector.redirect(EP, "pg-b");
    assertEquals(
        List.of(
            "show servers state pg",
            "set server pg/a state maint",
            "shutdown sessions server pg/a",
            "set server pg/c state maint",
            "shutdown sessions server pg/c",
            "set server pg/b state ready"),
        api.commands);
    assertTrue(r.evidence().endsWith("> set server pg/b state ready"), r.evidence());
  }

  @Test
  void prepareDrainsTheOldServerOnly() throws Exception {
    redirector.prepare(EP, "pg-a", "pg-b");
    assertEquals(List.of("set server pg/a state drain"), api.commands);
  }

  @Test
  void aRefusalStopsTheSwitchBeforeAnythingIsReadied() {
    api.servers(line(1, "a", 2, 0, 1), line(2, "b", 0, 5, 1), line(3, "c", 0, 5, 1));
    api.refusals.put("set server pg/c state maint", "No such server.\n\n");
    DriverException e = assertThrows(DriverException.class, () -> redirector.redirect(EP, "pg-b"));
    assertEquals(
        "HAProxy refused \"set server pg/c state maint\": No such server.", e.getMessage());
    assertFalse(api.commands.contains("set server pg/b state ready"));
    assertTrue(e.evidence().contains("No such server."), e.evidence());
  }

  @Test
  void pointsAtTheOnlyReadyServer() throws Exception {
    api.servers(line(1, "a", 0, 1, 1), line(2, "b", 2, 4, 1), line(3, "c", 2, 8, 1));
    assertEquals(Optional.of("pg-b"), redirector.pointsAt(EP));
  }

  @Test
  void pointsAtNothingWhenTwoOrNoneAreReady() throws Exception {
    api.servers(line(1, "a", 2, 0, 1), line(2, "b", 2, 0, 1));
    assertEquals(Optional.empty(), redirector.pointsAt(EP));
    api.servers(line(1, "a", 0, 1, 1), line(2, "b", 2, 8, 1));
    assertEquals(Optional.empty(), redirector.pointsAt(EP));
  }

  @Test
  void verifyNeedsTheTargetReadyAndEveryOtherMappedServerInMaint() throws Exception {
    api.servers(line(1, "a", 0, 1, 1), line(2, "b", 2, 0, 1), line(3, "c", 0, 1, 1));
    assertTrue(redirector.verify(EP, "pg-b"));
    api.servers(line(1, "a", 2, 8, 1), line(2, "b", 2, 0, 1), line(3, "c", 0, 1, 1));
    assertFalse(redirector.verify(EP, "pg-b"), "a draining old server still holds clients");
  }

  @Test
  void verifyNamesAMappedServerTheBackendLacks() {
    api.servers(line(1, "a", 0, 1, 1), line(2, "b", 2, 0, 1));
    DriverException e = assertThrows(DriverException.class, () -> redirector.verify(EP, "pg-b"));
    assertEquals(
        "HAProxy backend pg has no server c, which the entry point names for pg-c", e.getMessage());
  }

  @Test
  void redirectChangesNothingWhenTheTargetIsNotInTheBackend() {
    api.servers(line(1, "a", 2, 0, 1), line(3, "c", 0, 5, 1));
    DriverException e = assertThrows(DriverException.class, () -> redirector.redirect(EP, "pg-b"));
    assertEquals(
        "HAProxy backend pg has no server b, which the entry point names for pg-b", e.getMessage());
    assertEquals(List.of("show servers state pg"), api.commands);
  }

  @Test
  void weightIsCheckedAgainstTheReportedUserWeight() throws Exception {
    api.servers(line(1, "a", 2, 0, 1));
    DriverException e = assertThrows(DriverException.class, () -> redirector.weight(EP, "pg-a", 5));
    assertEquals("HAProxy accepted weight 5 for pg/a but reports 1", e.getMessage());
    api.servers(line(1, "a", 2, 0, 5));
    assertEquals("db: pg/a has weight 5", redirector.weight(EP, "pg-a", 5).summary());
  }

  @Test
  void missingPropertiesAreNamed() {
    DriverException e =
        assertThrows(DriverException.class, () -> redirector.pointsAt(ep(Map.of("backend", ""))));
    assertEquals(
        "entry point db needs the property backend for load-balancer redirection", e.getMessage());
    e = assertThrows(DriverException.class, () -> redirector.redirect(EP, "pg-z"));
    assertEquals(
        "component pg-z has no HAProxy server in backend pg; add the property server.pg-z to the"
            + " entry point",
        e.getMessage());
  }

  @Test
  void aNameThatCouldCarryASecondCommandIsRefusedBeforeSending() {
    DriverException e =
        assertThrows(
            DriverException.class,
            () -> redirector.redirect(ep(Map.of("server.pg-b", "b;shutdown sessions")), "pg-b"));
    assertTrue(e.getMessage().contains("\"b;shutdown sessions\""), e.getMessage());
    assertEquals(List.of(), api.commands);
  }

  @Test
  void twoComponentsOnOneServerAreRefused() {
    DriverException e =
        assertThrows(
            DriverException.class, () -> redirector.pointsAt(ep(Map.of("server.pg-c", "a"))));
    assertTrue(e.getMessage().contains("maps both pg-a and pg-c to HAProxy server a"));
  }
}
