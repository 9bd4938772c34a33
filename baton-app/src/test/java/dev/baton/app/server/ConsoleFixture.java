package dev.baton.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.app.wiring.Home;
import dev.baton.testkit.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A console on a free loopback port over a fresh home, with three people: alice and bob may
 * operate, vic may only read. Their tokens live in files, referenced as {@code file:}.
 */
final class ConsoleFixture implements AutoCloseable {

  static final String ALICE = "alice-token-7f3a9c21e4b5";
  static final String BOB = "bob-token-0d8e6f1a2b3c";
  static final String VIC = "vic-token-5e4d3c2b1a09";
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final Home home;
  final ConsoleServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ConsoleFixture(Path dir, ConsoleServer server) {
    this.dir = dir;
    this.home = new Home(dir.resolve("home"));
    this.server = server;
  }

  static Path example(String name) {
    return Path.of("..", "examples", name).toAbsolutePath().normalize();
  }

  static Path markupPair() {
    return Path.of("src/test/resources/console/markup-pair.yaml").toAbsolutePath();
  }

  static ConsoleFixture start(Path dir, ReadAccess reads, Path... topologies) throws Exception {
    List<ConsoleConfig.PersonRef> people = new ArrayList<>();
    people.add(person(dir, "alice", ALICE, Access.OPERATE));
    people.add(person(dir, "bob", BOB, Access.OPERATE));
    people.add(person(dir, "vic", VIC, Access.READ));
    ConsoleConfig config =
        ConsoleConfig.defaults()
            .withPort(0)
            .withReads(reads)
            .withTopologies(List.of(topologies))
            .withPeople(people);
    ConsoleServer server =
        ConsoleServer.create(config, new Home(dir.resolve("home")), Clock.systemUTC());
    server.start();
    return new ConsoleFixture(dir, server);
  }

  private static ConsoleConfig.PersonRef person(Path dir, String name, String token, Access a)
      throws Exception {
    Path f = dir.resolve(name + ".token");
    Files.writeString(f, token + "\n");
    return new ConsoleConfig.PersonRef(name, "file:" + f, a);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** Starts a takeover to 2.0 on {@code system} as alice and returns the run id. */
  String startTakeover(String system, String options) throws Exception {
    HttpResponse<String> r =
        post(
            "/api/runs",
            ALICE,
            "{\"system\":\""
                + system
                + "\",\"strategy\":\"takeover\",\"to\":\"2.0\",\"options\":"
                + options
                + "}");
    assertEquals(201, r.statusCode(), r.body());
    return json(r).get("run").asText();
  }

  /** The run once {@code holds} is true of it, polled for at most {@code within} (scaled). */
  JsonNode awaitRun(String run, Predicate<JsonNode> holds, Duration within) {
    return Poll.every(Duration.ofMillis(50))
        .get(
            within,
            "run " + run + " to get there",
            () -> {
              JsonNode now = json(get("/api/runs/" + run, VIC));
              return holds.test(now) ? Optional.of(now) : Optional.empty();
            });
  }

  /** The run once it waits at a gate. */
  JsonNode awaitGate(String run) throws Exception {
    return awaitRun(
        run,
        r -> r.path("waiting").isObject() && !r.path("runningHere").asBoolean(),
        Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    server.close();
  }
}
