package dev.baton.topology;

import static dev.baton.topology.Fixtures.BASE;
import static dev.baton.topology.Fixtures.errors;
import static dev.baton.topology.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every number and every name in a topology has bounds: a value outside them is an error at its
 * line and column, never a wrapped integer, a file name the system cannot hold or a simulator
 * section that silently simulates something else.
 */
class InputBoundsTest {

  /** Each integer the schema declares, as a YAML edit of BASE that sets it. */
  private static final Map<String, String[]> INTEGERS =
      Map.of(
          "side order",
          new String[] {"  - name: A\n", "  - name: A\n    order: %s\n"},
          "component order",
          new String[] {"    role: primary\n", "    role: primary\n    order: %s\n"},
          "link order",
          new String[] {"    kind: streaming\n", "    kind: streaming\n    order: %s\n"},
          "node port",
          new String[] {"    side: A\n", "    side: A\n    port: %s\n"},
          "sim lagBytes",
          new String[] {"", "sim:\n  lagBytes: {wal: %s}\n"},
          "sim splitHours",
          new String[] {"", "sim:\n  splitHours: %s\n"},
          "sim disk",
          new String[] {"", "sim:\n  disk: {pg-a: {free: %s}}\n"},
          "sim sessions",
          new String[] {"", "sim:\n  sessions: {pg-a: %s}\n"});

  /** The largest value each field takes; one more, and the wrapping values, must be refused. */
  private static final Map<String, Long> MAXIMUM =
      Map.of(
          "side order", 1_000_000L,
          "component order", 1_000_000L,
          "link order", 1_000_000L,
          "node port", 65_535L,
          "sim lagBytes", 1_000_000_000_000_000_000L,
          "sim splitHours", 1_000_000L,
          "sim disk", 1_000_000_000_000_000_000L,
          "sim sessions", 1_000_000L);

  @Test
  void everyIntegerOutOfItsRangeIsAnErrorAtItsValue() {
    for (Map.Entry<String, String[]> field : INTEGERS.entrySet()) {
      long max = MAXIMUM.get(field.getKey());
      List<String> values = new ArrayList<>(List.of("-1", Long.toString(max + 1), "9".repeat(30)));
      for (long wraps : List.of(2_147_483_648L, 4_294_967_297L)) {
        if (wraps > max) {
          values.add(Long.toString(wraps));
        }
      }
      for (String value : values) {
        String[] edit = field.getValue();
        String text =
            edit[0].isEmpty()
                ? BASE + edit[1].formatted(value)
                : with(edit[0], edit[1].formatted(value));
        List<String> found = refusals(text);
        assertEquals(1, found.size(), field.getKey() + " = " + value + ": " + found);
        assertTrue(
            found.get(0).matches("t\\.yaml:\\d+:\\d+: .*expected at (least|most) .*"),
            field.getKey() + " = " + value + ": " + found);
      }
      String largest = Long.toString(max);
      String[] edit = field.getValue();
      String ok =
          edit[0].isEmpty()
              ? BASE + edit[1].formatted(largest)
              : with(edit[0], edit[1].formatted(largest));
      assertEquals(List.of(), refusals(ok), field.getKey() + " = " + largest + " is allowed");
    }
  }

  @Test
  void theIntegersCheckedAboveAreEveryIntegerTheSchemaDeclares() throws Exception {
    JsonNode schema;
    try (InputStream in =
        getClass().getResourceAsStream("/dev/baton/topology/topology.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    List<String> integerDefs = new ArrayList<>();
    schema
        .get("$defs")
        .fields()
        .forEachRemaining(
            d -> {
              if ("integer".equals(d.getValue().path("type").asText())) {
                integerDefs.add(d.getKey());
                assertTrue(d.getValue().has("maximum"), d.getKey() + " has a maximum");
                assertTrue(d.getValue().has("minimum"), d.getKey() + " has a minimum");
              }
            });
    assertEquals(List.of("order", "count", "bytes"), integerDefs);
    // Inline integers (the port) carry their own range.
    List<String> inline = new ArrayList<>();
    collectInlineIntegers(schema, "", inline);
    assertEquals(List.of("/$defs/node/properties/port"), inline);
  }

  private static void collectInlineIntegers(JsonNode n, String at, List<String> out) {
    if (n.isObject()) {
      if ("integer".equals(n.path("type").asText()) && !at.matches("/\\$defs/[a-z]+")) {
        assertTrue(n.has("maximum") && n.has("minimum"), at + " has a range");
        out.add(at);
      }
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        collectInlineIntegers(e.getValue(), at + "/" + e.getKey(), out);
      }
    }
  }

  /** Each name that becomes a file name, an identifier or a step id, as a YAML edit of BASE. */
  private static final List<String[]> NAMES =
      List.of(
          new String[] {"system: lab\n", "system: %s\n"},
          new String[] {"  - name: A\n", "  - name: %s\n"},
          new String[] {"  - name: db-a\n", "  - name: %s\n"},
          new String[] {"  - name: pg-a\n", "  - name: %s\n"},
          new String[] {"    kind: streaming\n", "    kind: streaming\n    x: %s\n"},
          new String[] {"  - name: wal\n", "  - name: %s\n"},
          new String[] {"  - name: db.example.internal\n", "  - name: %s\n"},
          new String[] {"  - name: db-password\n", "  - name: %s\n"},
          new String[] {
            "    roleGroup: pg\n    role: primary\n", "    roleGroup: %s\n    role: primary\n"
          },
          new String[] {"driver: sim\n", "driver: sim\npack: %s\n"});

  @ParameterizedTest
  @ValueSource(strings = {"LONG", "../../etc/passwd", "a/b", "/abs", "with space", "nul\u0000x"})
  void everyNameHasAPatternAndALengthLimit(String kind) {
    String value = kind.equals("LONG") ? "n".repeat(1_000) : "'" + kind + "'";
    for (String[] edit : NAMES) {
      if (edit[1].contains("x: %s")) {
        continue; // not a name: only here to keep the list aligned with the schema's name fields
      }
      List<String> found = errors(with(edit[0], edit[1].formatted(value)));
      assertTrue(
          !found.isEmpty() && found.get(0).matches("t\\.yaml:\\d+:\\d+: .*"),
          edit[1].strip() + " with " + kind.length() + " chars: " + found);
      assertTrue(
          found.stream().allMatch(f -> f.length() < 500),
          "the error quotes at most a short piece of the name: " + found);
    }
  }

  @Test
  void aHugeLineOrFileIsRefusedBeforeItIsParsed() {
    String comment = "# " + "x".repeat(1024 * 1024) + "\n";
    assertEquals(
        List.of(
            "t.yaml:37:65537: line 37 has %d characters; a topology line may have at most 65536"
                .formatted(comment.length() - 1)),
        refusals(BASE + comment));
    String name = BASE.replace("system: lab", "system: " + "n".repeat(200_000));
    assertEquals(
        List.of(
            "t.yaml:1:65537: line 1 has 200008 characters; a topology line may have at most 65536"),
        refusals(name));
    String many = BASE + "# short line\n".repeat(400_000);
    assertTrue(refusals(many).get(0).startsWith("t.yaml:1:1: the file has "), "too large");
    String tenMegabyteLine = BASE + "# " + "x".repeat(10 * 1024 * 1024) + "\n";
    assertTrue(refusals(tenMegabyteLine).get(0).startsWith("t.yaml:1:1: the file has "));
  }

  @Test
  void theSimulatorsSectionIsCheckedAtValidate() {
    assertEquals(
        List.of("t.yaml:38:19: sim.lagBytes.wal: expected at least 0, got number -1"),
        errors(BASE + "sim:\n  lagBytes: {wal: -1}\n"));
    assertEquals(
        List.of("t.yaml:38:19: sim.lagBytes.wal: expected a whole number, got 'lots'"),
        errors(BASE + "sim:\n  lagBytes: {wal: lots}\n"));
    assertTrue(
        errors(BASE + "sim:\n  lagBytez: {wal: 1}\n")
            .get(0)
            .startsWith("t.yaml:38:3: sim: unknown key 'lagBytez'"),
        String.valueOf(errors(BASE + "sim:\n  lagBytez: {wal: 1}\n")));
    assertEquals(
        List.of(
            "t.yaml:38:15: sim.nodesDown names node 'db-x', which is not declared; declared nodes:"
                + " db-a, db-b"),
        errors(BASE + "sim:\n  nodesDown: [db-x]\n"));
    assertTrue(
        errors(BASE + "sim:\n  failActions: [frobnicate-nothing pg-a]\n")
            .get(0)
            .startsWith(
                "t.yaml:38:17: sim.failActions names the verb 'frobnicate-nothing', which Baton"
                    + " does not know; verbs: "));
    assertEquals(
        List.of(
            "t.yaml:38:17: sim.failActions install names component 'pg-x', which is not declared;"
                + " declared components: pg-a, pg-b"),
        errors(BASE + "sim:\n  failActions: [install pg-x]\n"));
    assertEquals(List.of(), refusals(BASE + "sim:\n  failActions: [install pg-a]\n"));
  }

  @Test
  void simKeysThatAreNotNamesOfTheTopologyAreRefused() {
    List<String> found = errors(BASE + "sim:\n  sessions: {pg-x: 1}\n");
    assertEquals(
        List.of(
            "t.yaml:38:14: sim.sessions names component 'pg-x', which is not declared; declared"
                + " components: pg-a, pg-b"),
        found);
    assertEquals(new TreeSet<>(found), new TreeSet<>(found));
  }

  /** The errors parsing {@code text} reports; none when it loads. */
  private static List<String> refusals(String text) {
    try {
      TopologyLoader.parse(text, "t.yaml");
      return List.of();
    } catch (BadInputException e) {
      return e.errors().stream().map(InputError::toString).toList();
    }
  }
}
