package dev.baton.app.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.baton.app.Cli;
import dev.baton.app.UsageException;
import dev.baton.app.output.Json;
import dev.baton.app.watch.Alert;
import dev.baton.app.watch.Alerter;
import dev.baton.app.watch.Declaration;
import dev.baton.app.watch.LastSeen;
import dev.baton.app.watch.OnFailure;
import dev.baton.app.watch.WatchTarget;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCommandTest {

  @TempDir Path dir;

  @Test
  void bothAutomaticSwitchoverAndReverseReplicationAreRefusedWithTheSeedsReason() {
    Cli.Result r =
        Cli.inProcess(
            "watch",
            Cli.example("takeover-sim.yaml").toString(),
            "--home",
            dir.toString(),
            "--on-failure",
            "switchover",
            "--auto-reverse");
    assertEquals(2, r.code(), r.toString());
    assertTrue(
        r.err().contains("refusing to watch with both --on-failure switchover and --auto-reverse"),
        r.err());
    assertTrue(r.err().contains("before anyone could look at why it failed"), r.err());
    assertTrue(r.err().contains("--override both-automatic=REASON"), r.err());
  }

  @Test
  void bothAutomaticIsAllowedOnlyWithANamedReason() {
    assertDoesNotThrow(
        () ->
            WatchCommand.checkModes(
                OnFailure.SWITCHOVER, true, Map.of("both-automatic", "lab pair, nobody to page")));
    assertThrows(
        UsageException.class,
        () -> WatchCommand.checkModes(OnFailure.SWITCHOVER, true, Map.of("both-automatic", "")));
    assertThrows(
        UsageException.class, () -> WatchCommand.checkModes(OnFailure.ALERT, true, Map.of()));
    assertDoesNotThrow(() -> WatchCommand.checkModes(OnFailure.SWITCHOVER, false, Map.of()));
  }

  @Test
  void durationsAcceptMillisecondsSecondsAndMinutes() {
    assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
    assertEquals(Duration.ofSeconds(3), DurationText.parse("3s"));
    assertEquals(Duration.ofSeconds(30), DurationText.parse("30"));
    assertEquals(Duration.ofMinutes(5), DurationText.parse("5m"));
    Cli.Result r =
        Cli.inProcess("watch", Cli.example("takeover-sim.yaml").toString(), "--heartbeat", "soon");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("'soon' is not a duration"), r.err());
  }

  @Test
  void aWatchOfAHealthySimulatedPairEndsAfterItsTimeLimit() {
    Cli.Result r =
        Cli.inProcess(
            "watch",
            Cli.example("takeover-sim.yaml").toString(),
            "--home",
            dir.toString(),
            "--heartbeat",
            "100ms",
            "--for",
            "300ms");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("watching csm-prod: csm-a-server (active"), r.out());
    assertTrue(r.out().contains("csm-a-server alive"), r.out());
  }

  @Test
  void anAlertRunsTheCommandAndPostsJsonToTheWebhook() throws Exception {
    AtomicReference<String> posted = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          posted.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    try {
      Path file = dir.resolve("alert.txt");
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=s3cret";
      Alerter a =
          new Alerter(
              "printf '%s %s' \"$BATON_EVENT\" \"$BATON_ACTIVE\" > " + file, url, Json::write);
      Declaration d =
          new Declaration(
              new WatchTarget("pg-pair", "pg-a", "pg-b", "pg-stream", "primary"),
              Instant.EPOCH,
              Instant.EPOCH.plusSeconds(3),
              3000,
              0,
              "tcp refused",
              LastSeen.never("pg-stream"));
      List<String> sent = a.send(new Alert("down", d, "pg-a is down"));
      assertEquals("alert command exited 0", sent.get(0));
      assertTrue(sent.get(1).endsWith("answered 204"), sent.get(1));
      assertTrue(!sent.get(1).contains("s3cret"), "the webhook's token is never printed");
      assertEquals("down pg-a", Files.readString(file));
      assertTrue(posted.get().contains("\"detectionMs\" : 3000"), posted.get());
    } finally {
      server.stop(0);
    }
  }
}
