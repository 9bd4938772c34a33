package dev.baton.app.server;

import static dev.baton.app.server.ConsoleFixture.ALICE;
import static dev.baton.app.server.ConsoleFixture.VIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.JournalEvent;
import dev.baton.journal.SqliteJournal;
import dev.baton.testkit.Poll;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live streams: every journal record once, in order, across reconnects and many clients. */
class EventStreamTest {

  @TempDir Path dir;
  private ConsoleFixture c;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void open() throws Exception {
    c = ConsoleFixture.start(dir, ReadAccess.OPEN, ConsoleFixture.example("takeover-sim.yaml"));
  }

  @AfterEach
  void stop() {
    c.close();
  }

  private List<Long> journaled(String run, long after) {
    try (SqliteJournal j = SqliteJournal.open(c.home.journalFile())) {
      return j.events(run).stream().map(JournalEvent::seq).filter(s -> s > after).toList();
    }
  }

  private static Predicate<SseReader.Event> haltedAt(String run, String step) {
    return e ->
        e.type().equals("gate.waiting")
            && e.data().get("run").asText().equals(run)
            && e.data().get("step").asText().equals(step);
  }

  private static List<Long> ids(List<SseReader.Event> events, String run) {
    return events.stream()
        .filter(e -> e.data().get("run").asText().equals(run))
        .map(SseReader.Event::id)
        .toList();
  }

  @Test
  void aClientThatReconnectsWithLastEventIdGetsEveryEventExactlyOnce() throws Exception {
    // Given a client following all runs, which drops after five events of a run in progress
    SseReader first = new SseReader(http, c.uri("/api/events"), null, null);
    String run = c.startTakeover("csm-prod", "{}");
    List<SseReader.Event> before = first.until(new Counter(5), Duration.ofSeconds(30));
    first.close();
    long lastSeen = before.get(before.size() - 1).id();

    // When the run goes on to its first gate, is approved, and reaches its second, unwatched
    c.awaitGate(run);
    c.post("/api/runs/" + run + "/approve", ALICE, "{}");
    c.awaitRun(
        run,
        r -> r.path("waiting").path("step").asText().equals("upgrade-csm-b-server"),
        Duration.ofSeconds(60));
    try (SseReader again = new SseReader(http, c.uri("/api/events"), null, lastSeen)) {
      List<SseReader.Event> after =
          again.until(haltedAt(run, "upgrade-csm-b-server"), Duration.ofSeconds(30));

      // Then the two connections together hold every record of the run once, in order
      List<Long> seen = new ArrayList<>(ids(before, run));
      seen.addAll(ids(after, run));
      assertEquals(journaled(run, 0).subList(0, seen.size()), seen);
      assertEquals(seen.size(), new HashSet<>(seen).size(), "no event twice");
      assertTrue(seen.size() > 20, "both gates were reached: " + seen);
    }
  }

  @Test
  void fiftyClientsOnOneRunEachGetEveryEvent() throws Exception {
    String run = c.startTakeover("csm-prod", "{}");
    long atGate = c.awaitGate(run).get("lastEventId").asLong();
    List<SseReader> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      for (int i = 0; i < 50; i++) {
        clients.add(new SseReader(http, c.uri("/api/runs/" + run + "/events"), VIC, atGate));
      }
      awaitClients(50);

      c.post("/api/runs/" + run + "/approve", ALICE, "{}");

      List<Future<List<Long>>> got = new ArrayList<>();
      for (SseReader s : clients) {
        Callable<List<Long>> read =
            () -> ids(s.until(haltedAt(run, "upgrade-csm-b-server"), Duration.ofSeconds(60)), run);
        got.add(pool.submit(read));
      }
      List<List<Long>> each = new ArrayList<>();
      for (Future<List<Long>> f : got) {
        each.add(f.get());
      }
      List<Long> expected = journaled(run, atGate);
      int total = 0;
      for (List<Long> ids : each) {
        assertEquals(expected.subList(0, ids.size()), ids);
        total += ids.size();
      }
      assertTrue(expected.size() > 10, "the run went on to its second gate: " + expected);
      assertEquals(50 * each.get(0).size(), total, "every client got every event");
      System.out.println(
          "50 stream clients each got " + each.get(0).size() + " events, " + total + " in all");
    } finally {
      pool.shutdownNow();
      for (SseReader s : clients) {
        s.close();
      }
    }
  }

  @Test
  void closingTheConsoleWithClientsConnectedLeavesNoThreadOfItsServerBusy() throws Exception {
    String run = c.startTakeover("csm-prod", "{}");
    c.awaitGate(run);
    List<SseReader> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        clients.add(new SseReader(http, c.uri("/api/runs/" + run + "/events"), VIC, 0L));
      }
      awaitClients(5);

      c.close();

      Poll.until(
          Duration.ofSeconds(20),
          "the server's request threads to be idle",
          () -> {
            List<String> busy = busyServerThreads();
            if (!busy.isEmpty()) {
              throw new IllegalStateException(busy.size() + " busy: " + busy.get(0));
            }
            return true;
          });
    } finally {
      for (SseReader s : clients) {
        s.close();
      }
    }
  }

  /**
   * Threads of Javalin's request pool doing anything but waiting for work: a stream handler still
   * running after close, or one caught in the exception handling (which once spun forever).
   */
  private static List<String> busyServerThreads() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("JavalinDefaultAsyncThreadPool"))
        .filter(e -> e.getKey().isAlive())
        .filter(
            e -> List.of(e.getValue()).stream().noneMatch(f -> f.getMethodName().equals("getTask")))
        .map(e -> e.getKey().getName() + " " + List.of(e.getValue()).stream().limit(14).toList())
        .toList();
  }

  private void awaitClients(int n) {
    Poll.until(Duration.ofSeconds(30), n + " stream clients", () -> c.server.streamClients() >= n);
    assertEquals(n, c.server.streamClients(), "clients connected");
  }

  /** Accepts the n-th event it is shown. */
  private static final class Counter implements Predicate<SseReader.Event> {
    private int left;

    Counter(int n) {
      left = n;
    }

    @Override
    public boolean test(SseReader.Event e) {
      return --left == 0;
    }
  }
}
