package dev.baton.app.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.app.output.JsonEscapes;
import dev.baton.engine.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured events as JSON Lines: one object per line with {@code ts} (ISO-8601 UTC) and {@code
 * type} first, then the caller's fields. Every string is redacted before it is written, and each
 * line is flushed, so a reader tailing the file sees an event as soon as it happens. The event
 * types are listed in {@code docs/events.md}. Safe to call from several threads.
 */
public final class EventLog implements AutoCloseable {

  /** The target that means standard output. */
  public static final String STDOUT = "-";

  private static final ObjectMapper MAPPER =
      new ObjectMapper(new JsonFactory().setCharacterEscapes(JsonEscapes.INSTANCE));

  private final Writer out;
  private final PrintStream console;
  private final boolean closes;
  private final Redactor redactor;
  private final Clock clock;
  private boolean broken;
  private int lost;

  private EventLog(
      Writer out, PrintStream console, boolean closes, Redactor redactor, Clock clock) {
    this.out = out;
    this.console = console;
    this.closes = closes;
    this.redactor = redactor;
    this.clock = clock;
  }

  /**
   * Opens {@code target}: {@code -} is standard output (left open on close), anything else a file
   * that is created or appended to, so a resumed run continues the same log. A missing directory
   * above it is not created: the operator named a path, and a typo in it should fail.
   */
  public static EventLog open(String target, Redactor redactor) throws IOException {
    if (STDOUT.equals(target)) {
      return to(System.out, false, redactor, Clock.systemUTC());
    }
    Path p = Path.of(target);
    OutputStream file =
        Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return to(file, true, redactor, Clock.systemUTC());
  }

  /** A log writing to {@code stream}; {@code closes} says whether {@link #close()} closes it. */
  public static EventLog to(OutputStream stream, boolean closes, Redactor redactor, Clock clock) {
    // A PrintStream swallows write errors; the log asks it after each line instead.
    PrintStream console = stream instanceof PrintStream ps ? ps : null;
    Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
    return new EventLog(w, console, closes, redactor, clock);
  }

  /**
   * Writes one event. {@code fields} may hold strings, numbers, booleans, lists and maps; a field
   * named {@code ts} or {@code type} is ignored. A write that fails is reported once on stderr and
   * later events are dropped and counted ({@link #lost()}): losing the event stream must not stop a
   * run half-way (ADR 0017), but the command then says that it was lost.
   */
  public synchronized void emit(String type, Map<String, Object> fields) {
    if (broken) {
      lost++;
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    line.put("type", type);
    fields.forEach(
        (k, v) -> {
          if (!k.equals("ts") && !k.equals("type") && v != null) {
            line.put(k, safe(v));
          }
        });
    try {
      out.write(MAPPER.writeValueAsString(line));
      out.write('\n');
      out.flush();
      if (console != null && console.checkError()) {
        throw new IOException("the stream was closed or failed");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event " + type + " is not JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      broken = true;
      lost++;
      System.err.println("baton: the event log stopped: " + e.getMessage());
    }
  }

  /** How many events could not be written: the one that failed and every one after it. */
  public synchronized int lost() {
    return lost;
  }

  private Object safe(Object v) {
    if (v instanceof String s) {
      return redactor.redact(s);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(redactor.redact(String.valueOf(k)), safe(x)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(x -> out.add(safe(x)));
      return out;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v;
    }
    return redactor.redact(String.valueOf(v));
  }

  @Override
  public synchronized void close() {
    try {
      out.flush();
      if (closes) {
        out.close();
      }
    } catch (IOException e) {
      // Every line was flushed when it was written; a failure left now has been counted.
      broken = true;
    }
  }
}
