package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --events}: one JSON object per engine event, in order, with secrets redacted. */
class EventsCliTest {

  private static final String SECRET = "s3cret-Value-42";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  private Path topology;
  private Path events;

  /** The takeover example with its admin password read from a file, so it is a known secret. */
  @BeforeEach
  void setUp() throws Exception {
    Path secret = home.resolve("admin-password");
    Files.writeString(secret, SECRET);
    topology = home.resolve("takeover-sim.yaml");
    Files.writeString(
        topology,
        Files.readString(Cli.example("takeover-sim.yaml"))
            .replace("env:CSM_ADMIN_PASSWORD", "file:" + secret));
    events = home.resolve("run.jsonl");
  }

  private Cli.Result apply(String... extra) {
    List<String> args = new ArrayList<>(List.of(Cli.applyTakeover(topology, home)));
    args.addAll(List.of(extra));
    return Cli.inProcess(args.toArray(String[]::new));
  }

  private static List<JsonNode> parse(String text) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      JsonNode n = JSON.readTree(line);
      assertTrue(n.isObject(), line);
      Instant.parse(n.get("ts").asText());
      assertTrue(n.get("ts").asText().endsWith("Z"), "UTC: " + line);
      out.add(n);
    }
    return out;
  }

  private static List<String> types(List<JsonNode> lines) {
    return lines.stream().map(n -> n.get("type").asText()).toList();
  }

  @Test
  void aSimRunWritesItsEventsInOrderWithTheSecretRedacted() throws Exception {
    Cli.Result r = apply("--operator", "ops-" + SECRET, "--events", events.toString());
    assertEquals(0, r.code(), r.toString());

    String text = Files.readString(events);
    assertFalse(text.contains(SECRET), "the secret never reaches the event log");
    List<JsonNode> lines = parse(text);
    List<String> types = types(lines);
    assertEquals("lease.taken", types.get(0));
    assertEquals("run.started", types.get(1));
    assertEquals("run.done", types.get(types.size() - 2));
    assertEquals("lease.released", types.get(types.size() - 1));
    assertEquals("ops-***", lines.get(1).get("operator").asText());
    assertEquals("takeover", lines.get(1).get("strategy").asText());
    assertEquals(19, lines.get(1).get("steps").asInt());

    List<JsonNode> decided =
        lines.stream().filter(n -> n.get("type").asText().equals("step.decided")).toList();
    assertEquals(19, decided.size());
    for (JsonNode d : decided) {
      assertTrue(d.get("decision").asText().matches("done|already"), d.toString());
      assertTrue(d.get("ms").isIntegralNumber(), d.toString());
      assertFalse(d.get("sentence").asText().isBlank(), d.toString());
    }
    assertTrue(types.contains("gate.approved"), "--yes approves the confirm gates: " + types);
    String run = lines.get(1).get("run").asText();
    for (JsonNode n : lines.subList(1, lines.size())) {
      assertEquals("csm-prod", n.get("system").asText(), n.toString());
      assertEquals(run, n.get("run").asText(), n.toString());
    }
    assertStepsOpenAndClose(lines);
  }

  /** Every step.decided closes the step.started just before it, and every step event names it. */
  private static void assertStepsOpenAndClose(List<JsonNode> lines) {
    String open = null;
    for (JsonNode n : lines) {
      String type = n.get("type").asText();
      if (type.equals("step.started")) {
        assertEquals(null, open, "a step started before " + open + " was decided");
        open = n.get("step").asText();
      } else if (type.startsWith("step.") || type.startsWith("gate.")) {
        assertEquals(open, n.get("step").asText(), n.toString());
        if (type.equals("step.decided")) {
          open = null;
        }
      }
    }
    assertEquals(null, open);
  }

  @Test
  void aHaltAtAGateAndTheResumeAppendToOneLog() throws Exception {
    List<String> args = new ArrayList<>(List.of(Cli.applyTakeover(topology, home)));
    args.remove("--yes");
    args.addAll(List.of("--events", events.toString()));
    Cli.Result halted = Cli.inProcess(args.toArray(String[]::new));
    assertEquals(3, halted.code(), halted.toString());
    List<String> first = types(parse(Files.readString(events)));
    assertEquals(
        List.of("gate.waiting", "step.decided", "run.halted", "lease.released"),
        first.subList(first.size() - 4, first.size()));

    String run = parse(Files.readString(events)).get(1).get("run").asText();
    Cli.Result resumed =
        Cli.inProcess(
            "resume", run, "--yes", "--home", home.toString(), "--events", events.toString());
    assertEquals(0, resumed.code(), resumed.toString());
    List<JsonNode> all = parse(Files.readString(events));
    List<String> types = types(all);
    int resumedAt = types.indexOf("run.resumed");
    assertTrue(resumedAt > first.size(), types.toString());
    assertEquals("lease.taken", types.get(resumedAt - 1));
    assertEquals("run.done", types.get(types.size() - 2));
    assertTrue(
        all.subList(resumedAt, all.size()).stream()
            .allMatch(n -> run.equals(n.path("run").asText())));
  }

  @Test
  void eventsOnStdoutLeaveNothingElseThere() throws Exception {
    Cli.Result r = apply("--events", "-");
    assertEquals(0, r.code(), r.toString());
    List<JsonNode> lines = parse(r.out().strip());
    assertEquals("lease.released", lines.get(lines.size() - 1).get("type").asText());
    assertTrue(r.err().contains(" done"), "the result line moves to stderr: " + r.err());
  }

  @Test
  void anUnwritableEventFileIsBadInput() throws Exception {
    Path dir = Files.createDirectory(home.resolve("a-directory"));
    Cli.Result r = apply("--events", dir.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--events " + dir + ": cannot write"), r.err());
  }

  @Test
  void anEventFileThatFailsMidRunLetsTheRunFinishButTheCommandExitsOne() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "needs /dev/full");
    Cli.Result r = apply("--events", full.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().matches("(?s).*run r-[0-9a-z-]+ done\\R.*"), r.out());
    assertTrue(
        r.err()
            .matches(
                "(?s).*baton: the run is done, but \\d+ events could not be written to"
                    + " /dev/full\\R"),
        r.err());
    Cli.Result status = Cli.inProcess("status", "--home", home.toString(), "--output", "json");
    assertTrue(status.out().contains("\"status\" : \"done\""), status.out());
  }
}
