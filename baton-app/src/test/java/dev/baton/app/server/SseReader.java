package dev.baton.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A test's Server-Sent Events client: parses the stream into events it can wait for. */
final class SseReader implements AutoCloseable {

  record Event(long id, String type, JsonNode data) {}

  private static final Event END = new Event(-1, "", null);

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile Stream<String> lines;

  SseReader(HttpClient http, URI uri, String token, Long lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      b.header("Last-Event-ID", Long.toString(lastEventId));
    }
    HttpResponse<Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("stream answered " + r.statusCode());
    }
    lines = r.body();
    reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    long id = 0;
    String type = "message";
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(id, type, ConsoleFixture.JSON.readTree(data.toString())));
          }
          type = "message";
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = Long.parseLong(line.substring(3).strip());
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    } catch (Exception closed) {
      // the test closed the stream, or the server ended it
    } finally {
      events.add(END);
    }
  }

  /**
   * Events up to and including the first that {@code last} accepts, waiting at most {@code within}.
   */
  List<Event> until(Predicate<Event> last, Duration within) throws InterruptedException {
    List<Event> out = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null || e == END) {
        throw new AssertionError("the stream gave " + out.size() + " events but not the last one");
      }
      out.add(e);
      if (last.test(e)) {
        return out;
      }
    }
  }

  /** Ends the connection, as a client that goes away does. */
  @Override
  public void close() throws InterruptedException {
    Stream<String> l = lines;
    if (l != null) {
      l.close();
    }
    reader.join(5_000);
  }
}
