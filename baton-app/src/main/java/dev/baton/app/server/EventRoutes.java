package dev.baton.app.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import java.time.Duration;

/**
 * The live streams, as Server-Sent Events: every run's events, or one run's. Each event's id is its
 * journal record's sequence number; a client reconnecting with {@code Last-Event-ID} (or {@code
 * ?lastEventId=} where it cannot set the header) first gets what it missed from the journal.
 */
final class EventRoutes {

  /** A comment is sent this often on a quiet stream, so that proxies and dead clients show up. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final Console c;

  EventRoutes(Console c) {
    this.c = c;
  }

  void register(RoutesConfig r) {
    // An unknown run is a 404 before the stream begins, while a status can still be sent.
    r.before("/api/runs/{run}/events", ctx -> c.run(ctx.pathParam("run")));
    r.sse("/api/events", client -> stream(client, null));
    r.sse("/api/runs/{run}/events", client -> stream(client, client.ctx().pathParam("run")));
  }

  private void stream(SseClient client, String runId) {
    try (Subscription s = c.feed().subscribe(runId, lastEventId(client))) {
      client.sendComment("baton console: " + (runId == null ? "all runs" : "run " + runId));
      for (ConsoleEvent e : s.takeReplay()) {
        send(client, e);
      }
      while (!client.terminated() && !s.ended()) {
        ConsoleEvent e = s.next(KEEP_ALIVE);
        if (e != null) {
          send(client, e);
        } else if (!s.ended()) {
          client.sendComment("keep-alive");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(SseClient client, ConsoleEvent e) {
    client.sendEvent(e.type(), e.json(), Long.toString(e.id()));
  }

  private static Long lastEventId(SseClient client) {
    String v = client.ctx().header("Last-Event-ID");
    if (v == null || v.isBlank()) {
      v = client.ctx().queryParam("lastEventId");
    }
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
