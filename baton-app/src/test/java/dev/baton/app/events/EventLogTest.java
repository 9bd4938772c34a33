package dev.baton.app.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.engine.Redactor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final EventLog log =
      EventLog.to(
          out,
          true,
          Redactor.of(List.of("tops3cret")),
          Clock.fixed(Instant.parse("2026-11-21T23:15:00.123456Z"), ZoneOffset.UTC));

  @Test
  void oneLinePerEventWithTimeAndTypeFirst() throws Exception {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("system", "bes-pair");
    f.put("ms", 42);
    f.put("type", "ignored");
    log.emit("step.decided", f);
    log.emit("lease.lost", Map.of("system", "bes-pair"));
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    assertEquals(
        "{\"ts\":\"2026-11-21T23:15:00.123Z\",\"type\":\"step.decided\",\"system\":\"bes-pair\",\"ms\":42}",
        lines[0]);
  }

  @Test
  void secretsAreRedactedInNestedValuesToo() throws Exception {
    log.emit(
        "custom",
        Map.of(
            "sentence",
            "login with tops3cret failed",
            "nested",
            Map.of("list", List.of("a", "password=hunter2"))));
    String text = out.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("tops3cret"), text);
    assertFalse(text.contains("hunter2"), text);
    JsonNode n = new ObjectMapper().readTree(text);
    assertEquals("login with *** failed", n.get("sentence").asText());
    assertEquals("password=***", n.get("nested").get("list").get(1).asText());
  }

  @Test
  void eventsAfterAFailedWriteAreDroppedAndCounted() {
    java.io.OutputStream failing =
        new java.io.OutputStream() {
          int writes;

          @Override
          public void write(int b) {}

          @Override
          public void flush() throws java.io.IOException {
            if (++writes > 1) {
              throw new java.io.IOException("No space left on device");
            }
          }
        };
    EventLog broken = EventLog.to(failing, true, Redactor.of(List.of()), Clock.systemUTC());
    broken.emit("one", Map.of());
    broken.emit("two", Map.of());
    broken.emit("three", Map.of());
    assertEquals(2, broken.lost());
    broken.close();
  }
}
