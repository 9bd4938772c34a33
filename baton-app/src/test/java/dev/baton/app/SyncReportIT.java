package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baton sync-report} on a real PostgreSQL pair while a client writes rows. */
class SyncReportIT {

  private static final int ROWS = 500;

  @TempDir Path home;
  private LocalPgPair pair;
  private Path topology;

  @BeforeEach
  void startPair() {
    pair = LocalPgPair.start();
    topology = pair.writeTopology(home);
  }

  @AfterEach
  void stopPair() {
    pair.close();
  }

  @Test
  void theReportCountsTheBytesAndRowsAWorkloadWroteAndTheLagOverTime() throws Exception {
    Path events = home.resolve("sync.jsonl");
    CompletableFuture<Cli.Result> report =
        CompletableFuture.supplyAsync(
            () ->
                Cli.inProcess(
                    "sync-report",
                    topology.toString(),
                    "--duration",
                    "3s",
                    "--interval",
                    "250ms",
                    "--format",
                    "json",
                    "--events",
                    events.toString()));
    awaitFirstSample(events, Duration.ofSeconds(10));
    writeRows();

    Cli.Result r = report.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.code(), r.toString());
    JsonNode link = new ObjectMapper().readTree(r.out()).get("links").get(0);
    assertEquals("pg-stream", link.get("link").asText());
    int samples = link.get("samples").asInt();
    assertTrue(Math.abs(samples - 13) <= 1, "3 s / 250 ms = 12 intervals, 13 samples: " + samples);
    assertEquals(samples, link.get("series").size());
    assertTrue(link.get("bytesChanged").asLong() > 0, link.toString());
    assertTrue(link.get("rowsInserted").asLong() >= ROWS, link.toString());
    assertTrue(link.get("rowsChanged").asLong() >= ROWS, link.toString());
    assertTrue(link.get("transactions").asLong() >= 1, link.toString());
    JsonNode lag = link.get("lag");
    assertEquals(samples, lag.get("measured").asInt(), "the standby streamed throughout: " + lag);
    long min = lag.get("minBytes").asLong();
    long median = lag.get("medianBytes").asLong();
    long max = lag.get("maxBytes").asLong();
    assertTrue(0 <= min && min <= median && median <= max, lag.toString());
    System.out.printf(
        "sync-report: %d samples over %d ms, %d bytes of WAL, %d rows changed, %d commits,"
            + " lag min/median/max %d/%d/%d B%n",
        samples,
        link.get("durationMs").asLong(),
        link.get("bytesChanged").asLong(),
        link.get("rowsChanged").asLong(),
        link.get("transactions").asLong(),
        min,
        median,
        max);
  }

  /** Waits, bounded, for the report's first sample so that every row lands inside its window. */
  private static void awaitFirstSample(Path events, Duration timeout) throws Exception {
    Poll.until(
        timeout,
        "the report's first sample",
        () -> Files.exists(events) && !Files.readString(events).isEmpty());
  }

  /** Rows in one transaction, then the connection closes so the server flushes its statistics. */
  private void writeRows() throws Exception {
    try (Connection c = DriverManager.getConnection(pair.multiHostUrl());
        Statement st = c.createStatement()) {
      st.execute("create table sync_rows (id int primary key, body text)");
      st.execute(
          "insert into sync_rows select g, repeat('x', 200) from generate_series(1, "
              + ROWS
              + ") g");
    }
  }
}
