package dev.baton.app.server;

import static dev.baton.app.server.ConsoleFixture.ALICE;
import static dev.baton.app.server.ConsoleFixture.BOB;
import static dev.baton.app.server.ConsoleFixture.VIC;
import static dev.baton.app.server.ConsoleFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's REST API: who may change what, approvals, and what never leaves the server. */
class ConsoleApiTest {

  @TempDir Path dir;
  private ConsoleFixture console;

  @AfterEach
  void stop() {
    if (console != null) {
      console.close();
    }
  }

  private ConsoleFixture open() throws Exception {
    console =
        ConsoleFixture.start(dir, ReadAccess.OPEN, ConsoleFixture.example("takeover-sim.yaml"));
    return console;
  }

  @Test
  void aChangeWithoutATokenIs401AndChangesNothing() throws Exception {
    ConsoleFixture c = open();
    String run = c.startTakeover("csm-prod", "{}");
    JsonNode before = c.awaitGate(run);

    HttpResponse<String> start =
        c.post("/api/runs", null, "{\"system\":\"csm-prod\",\"strategy\":\"takeover\"}");
    HttpResponse<String> approve = c.post("/api/runs/" + run + "/approve", null, "{}");
    HttpResponse<String> abort = c.post("/api/runs/" + run + "/abort", "not-a-token-at-all", "");

    for (HttpResponse<String> r : List.of(start, approve, abort)) {
      assertEquals(401, r.statusCode(), r.body());
      assertEquals("Bearer realm=\"baton\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
      assertEquals(
          "a valid bearer token is needed (Authorization: Bearer TOKEN)",
          json(r).get("error").asText());
    }
    JsonNode after = json(c.get("/api/runs/" + run, null));
    assertEquals(before.get("lastEventId"), after.get("lastEventId"), "nothing was journaled");
    assertEquals(1, json(c.get("/api/runs", null)).size(), "no run was started");
  }

  @Test
  void aReadOnlyTokenIs403AndChangesNothing() throws Exception {
    ConsoleFixture c = open();
    String run = c.startTakeover("csm-prod", "{}");
    JsonNode before = c.awaitGate(run);

    List<HttpResponse<String>> refused =
        List.of(
            c.post("/api/runs/" + run + "/approve", VIC, "{}"),
            c.post("/api/runs/" + run + "/abort", VIC, ""),
            c.post("/api/runs/" + run + "/resume", VIC, ""),
            c.post("/api/runs", VIC, "{\"system\":\"csm-prod\",\"strategy\":\"takeover\"}"));

    for (HttpResponse<String> r : refused) {
      assertEquals(403, r.statusCode(), r.body());
      assertEquals("vic may read but not change anything", json(r).get("error").asText());
    }
    assertEquals(
        before.get("lastEventId"), json(c.get("/api/runs/" + run, VIC)).get("lastEventId"));
    assertEquals(1, json(c.get("/api/runs", VIC)).size(), "no run was started");
  }

  @Test
  void aStartWithAnOptionTheStrategyDoesNotDeclareIs400AndStartsNothing() throws Exception {
    ConsoleFixture c = open();

    HttpResponse<String> r =
        c.post(
            "/api/runs",
            ALICE,
            "{\"system\":\"csm-prod\",\"strategy\":\"takeover\",\"to\":\"2.0\","
                + "\"options\":{\"nonsense\":\"1\"}}");

    assertEquals(400, r.statusCode(), r.body());
    assertEquals(
        "--set nonsense: strategy takeover knows: order, switchBack, maxLagBytes, active",
        json(r).get("error").asText());
    assertEquals(0, json(c.get("/api/runs", VIC)).size(), "no run was started");
  }

  @Test
  void readsNeedATokenWhenTheConsoleSaysSo() throws Exception {
    console =
        ConsoleFixture.start(dir, ReadAccess.TOKEN, ConsoleFixture.example("takeover-sim.yaml"));

    assertEquals(401, console.get("/api/runs", null).statusCode());
    assertEquals(401, console.get("/openapi.json", null).statusCode());
    assertEquals(200, console.get("/api/runs", VIC).statusCode());
    assertEquals(200, console.get("/", null).statusCode(), "the dashboard's files hold no data");
  }

  @Test
  void approvingTheGatesAsAPersonFinishesTheRunAndJournalsTheirName() throws Exception {
    ConsoleFixture c = open();
    String run = c.startTakeover("csm-prod", "{}");
    assertEquals("upgrade-csm-a-server", c.awaitGate(run).get("waiting").get("step").asText());

    HttpResponse<String> first = c.post("/api/runs/" + run + "/approve", ALICE, "{}");
    assertEquals(202, first.statusCode(), first.body());
    assertEquals("approved by alice; the run continues", json(first).get("sentence").asText());
    assertEquals("upgrade-csm-b-server", c.awaitGate(run).get("waiting").get("step").asText());
    assertEquals(202, c.post("/api/runs/" + run + "/approve", BOB, "{}").statusCode());
    JsonNode done =
        c.awaitRun(run, r -> r.get("status").asText().equals("done"), Duration.ofSeconds(60));

    List<String> approvers = new ArrayList<>();
    done.get("approvals")
        .forEach(a -> approvers.add(a.get("by").asText() + "@" + a.get("step").asText()));
    assertEquals(List.of("alice@upgrade-csm-a-server", "bob@upgrade-csm-b-server"), approvers);
  }

  @Test
  void aFourEyesGateRefusesTheSamePersonTwiceAndPassesWithASecond() throws Exception {
    ConsoleFixture c = open();
    String run = c.startTakeover("csm-prod", "{\"gates\":\"four-eyes\"}");
    JsonNode waiting = c.awaitGate(run).get("waiting");
    assertEquals("four-eyes", waiting.get("gate").get("kind").asText());

    HttpResponse<String> alice = c.post("/api/runs/" + run + "/approve", ALICE, "{}");
    HttpResponse<String> again = c.post("/api/runs/" + run + "/approve", ALICE, "{}");

    assertEquals(200, alice.statusCode(), alice.body());
    assertEquals(
        "approved by alice; 1 more approval by someone else is needed",
        json(alice).get("sentence").asText());
    assertEquals(409, again.statusCode());
    assertEquals(
        "alice already approved upgrade-csm-a-server; a second approver is needed",
        json(again).get("error").asText());
    JsonNode still = json(c.get("/api/runs/" + run, null));
    assertEquals("halted", still.get("status").asText());
    assertEquals("[\"alice\"]", still.get("waiting").get("approvedBy").toString());

    HttpResponse<String> bob = c.post("/api/runs/" + run + "/approve", BOB, "{}");
    assertEquals(202, bob.statusCode(), bob.body());
    assertEquals("upgrade-csm-b-server", c.awaitGate(run).get("waiting").get("step").asText());
  }

  @Test
  void theGateShowsItsGuardsOnFreshFactsAndWhatAnAbortWouldUndo() throws Exception {
    ConsoleFixture c = open();
    String run = c.startTakeover("csm-prod", "{}");
    c.awaitGate(run);

    JsonNode g = json(c.get("/api/runs/" + run + "/gate", null));

    assertEquals(
        "install 2.0 on csm-a-server; the old version cannot be brought back except from the backup",
        g.get("text").asText());
    assertEquals("[\"role-standby\",\"backup-exists\"]", names(g.get("guards")));
    assertTrue(g.get("guards").get(0).get("refusalNow").isNull(), "guards pass now");
    assertTrue(g.get("facts").toString().contains("\"role(csm-a-server)\""), g.toString());
    assertEquals(
        "redirect-csm.example.internal-to-csm-b-server",
        g.get("undo").get(0).get("step").asText(),
        "the newest undoable step comes first");
  }

  @Test
  void noTokenAndNoSecretValueAppearsInAnyResponse() throws Exception {
    Path secret = dir.resolve("admin-password");
    Files.writeString(secret, "Pa55-console-secret");
    Path topology = dir.resolve("pair.yaml");
    Files.writeString(
        topology,
        Files.readString(ConsoleFixture.example("takeover-sim.yaml"))
            .replace("env:CSM_ADMIN_PASSWORD", "file:" + secret)
            .replace(
                "    role: standby\n",
                "    role: standby\n    properties:\n      mediaDir: \"password=hunter2 and Pa55-console-secret\"\n"));
    console = ConsoleFixture.start(dir, ReadAccess.OPEN, topology);
    String run = console.startTakeover("csm-prod", "{}");
    console.awaitGate(run);

    List<String> bodies = new ArrayList<>();
    for (String p :
        List.of(
            "/api/runs",
            "/api/runs/" + run,
            "/api/runs/" + run + "/gate",
            "/api/runs/" + run + "/system",
            "/api/runs/" + run + "/picture.svg",
            "/api/systems/csm-prod",
            "/api/systems/csm-prod/facts",
            "/api/whoami",
            "/api/systems/csm-prod/plan?strategy=takeover&to=2.0")) {
      HttpResponse<String> r = console.get(p, ALICE);
      assertEquals(200, r.statusCode(), p + ": " + r.body());
      bodies.add(r.body());
    }
    bodies.add(console.post("/api/runs/" + run + "/approve", ALICE, "{}").body());

    for (String b : bodies) {
      assertFalse(b.contains(ALICE), "a token is never echoed: " + b);
      assertFalse(b.contains("hunter2"), b);
      assertFalse(b.contains("Pa55-console-secret"), b);
    }
    assertTrue(bodies.get(5).contains("password=*** and ***"), bodies.get(5));
  }

  @Test
  void aRequestForAnotherHostIsRefusedAgainstDnsRebinding() throws Exception {
    ConsoleFixture c = open();
    // The JDK client will not send a Host header of its choosing, so speak HTTP on a socket.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", c.server.port())) {
      s.getOutputStream()
          .write(
              "GET /api/runs HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String reply =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(reply.startsWith("HTTP/1.1 421"), reply);
    }
  }

  @Test
  void theOpenApiDocumentDescribesEveryResource() throws Exception {
    ConsoleFixture c = open();

    JsonNode doc = json(c.get("/openapi.json", null));

    assertEquals("3.0.3", doc.get("openapi").asText());
    for (String p :
        List.of(
            "/api/runs",
            "/api/runs/{run}",
            "/api/runs/{run}/approve",
            "/api/runs/{run}/abort",
            "/api/runs/{run}/resume",
            "/api/runs/{run}/events",
            "/api/events",
            "/api/systems/{system}/plan",
            "/api/systems/{system}/facts",
            "/api/systems/{system}/bookmarks")) {
      assertTrue(doc.get("paths").has(p), p);
    }
  }

  private static String names(JsonNode guards) {
    List<String> out = new ArrayList<>();
    guards.forEach(g -> out.add("\"" + g.get("name").asText() + "\""));
    return "[" + String.join(",", out) + "]";
  }
}
