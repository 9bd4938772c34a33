package dev.baton.drivers.haproxy;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.drivers.redirect.Redirector;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.topology.PropertyKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Redirects a load-balancer entry point by switching the servers of one HAProxy backend through
 * HAProxy's runtime API; HAProxy's health checks play no part, Baton decides which server is up.
 *
 * <p>Entry point properties:
 *
 * <ul>
 *   <li>{@code socket}: the path of HAProxy's stats socket, opened with {@code level admin}, e.g.
 *       {@code /run/haproxy/admin.sock};
 *   <li>{@code backend}: the backend that clients reach through the entry point, e.g. {@code pg};
 *   <li>{@code server.<component>}: the name of that component's server in the backend, e.g. {@code
 *       server.pg-a: a}; one for each component the entry point may point at.
 * </ul>
 *
 * <p>A switch from a to b runs {@code set server pg/a state drain} (prepare), then checks that
 * every mapped server exists in {@code show servers state pg}, then {@code set server pg/a state
 * maint}, {@code shutdown sessions server pg/a} and only then {@code set server pg/b state ready}
 * (redirect), so that two servers are never ready at once, and a fenced old target keeps no
 * clients. Verify reads {@code show servers state pg} afresh.
 */
public final class HaproxyRedirector implements Redirector {

  /** The entry point properties load-balancer redirection reads ({@link HaproxySettings}). */
  public static final List<PropertyKey> PROPERTIES =
      List.of(
          exact(
              HaproxySettings.SOCKET, "the path of HAProxy's stats socket (required)", NO_DEFAULT),
          exact(HaproxySettings.BACKEND, "the backend clients go through (required)", NO_DEFAULT),
          family(
              HaproxySettings.SERVER_PREFIX,
              "component",
              "the HAProxy server that stands for a component",
              NO_DEFAULT));

  private final Function<String, RuntimeApi> connect;

  /** A redirector that reaches stats sockets on this machine. */
  public HaproxyRedirector() {
    this(socket -> new LocalRuntimeApi(Path.of(socket)));
  }

  /** A redirector that reaches the stats socket named by an entry point through {@code connect}. */
  public HaproxyRedirector(Function<String, RuntimeApi> connect) {
    this.connect = connect;
  }

  @Override
  public Optional<String> pointsAt(EntryPoint ep) throws DriverException {
    HaproxySettings s = HaproxySettings.of(ep);
    List<ServerState> ready = state(s).stream().filter(ServerState::ready).toList();
    // Several ready servers means clients are spread over them: the entry point has no one target.
    return ready.size() == 1 ? s.component(ready.get(0).name()) : Optional.empty();
  }

  @Override
  public ActionResult prepare(EntryPoint ep, String from, String to) throws DriverException {
    HaproxySettings s = HaproxySettings.of(ep);
    if (from == null || from.equals(to)) {
      return new ActionResult(ep.name() + ": no old server to drain", "");
    }
    Exchange x = new Exchange(api(s));
    String old = s.path(s.server(from));
    x.set("set server " + old + " state drain");
    return new ActionResult(
        ep.name() + ": " + old + " drains; it takes no new connections", x.transcript());
  }

  @Override
  public ActionResult redirect(EntryPoint ep, String to) throws DriverException {
    HaproxySettings s = HaproxySettings.of(ep);
    String target = s.server(to);
    requireAllInBackend(s);
    Exchange x = new Exchange(api(s));
    List<String> fenced = new ArrayList<>();
    // Every other server leaves first, and loses its sessions, so that clients never see two
    // targets and a fenced database keeps none of them.
    for (String server : s.servers().values()) {
      if (!server.equals(target)) {
        x.set("set server " + s.path(server) + " state maint");
        x.set("shutdown sessions server " + s.path(server));
        fenced.add(s.path(server));
      }
    }
    x.set("set server " + s.path(target) + " state ready");
    return new ActionResult(
        ep.name()
            + ": "
            + s.path(target)
            + " is ready; in maintenance: "
            + String.join(", ", fenced),
        x.transcript());
  }

  @Override
  public boolean verify(EntryPoint ep, String to) throws DriverException {
    HaproxySettings s = HaproxySettings.of(ep);
    String target = s.server(to);
    List<ServerState> servers = state(s);
    for (String server : s.servers().values()) {
      ServerState st = find(s, servers, server);
      if (server.equals(target) ? !st.ready() : !st.inMaint()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ActionResult settle(EntryPoint ep, String to) throws DriverException {
    HaproxySettings s = HaproxySettings.of(ep);
    String target = s.path(s.server(to));
    Exchange x = new Exchange(api(s));
    x.set("set server " + target + " state ready");
    return new ActionResult(ep.name() + ": " + target + " is ready", x.transcript());
  }

  /**
   * Sets the weight of {@code component}'s server and checks it in {@code show servers state}
   * (srv_uweight), since HAProxy may accept a weight its balancing algorithm then ignores.
   */
  public ActionResult weight(EntryPoint ep, String component, int weight) throws DriverException {
    HaproxySettings s = HaproxySettings.of(ep);
    String server = s.server(component);
    Exchange x = new Exchange(api(s));
    x.set("set server " + s.path(server) + " weight " + weight);
    int seen = find(s, state(s), server).userWeight();
    if (seen != weight) {
      throw new DriverException(
          "HAProxy accepted weight " + weight + " for " + s.path(server) + " but reports " + seen,
          x.transcript());
    }
    return new ActionResult(
        ep.name() + ": " + s.path(server) + " has weight " + weight, x.transcript());
  }

  private List<ServerState> state(HaproxySettings s) throws DriverException {
    return ServerState.parse(s.backend(), api(s).send("show servers state " + s.backend()));
  }

  // A mapped server the backend lacks (a typo) must fail before the old target is fenced, or the
  // entry point would be left pointing at nothing.
  private void requireAllInBackend(HaproxySettings s) throws DriverException {
    List<ServerState> servers = state(s);
    for (String server : s.servers().values()) {
      find(s, servers, server);
    }
  }

  private static ServerState find(HaproxySettings s, List<ServerState> servers, String server)
      throws DriverException {
    return servers.stream()
        .filter(st -> st.name().equals(server))
        .findFirst()
        .orElseThrow(
            () ->
                new DriverException(
                    "HAProxy backend "
                        + s.backend()
                        + " has no server "
                        + server
                        + ", which the entry point names for "
                        + s.component(server).orElse("a component"),
                    ""));
  }

  private RuntimeApi api(HaproxySettings s) {
    return connect.apply(s.socket());
  }

  /** Sends commands that answer nothing on success, keeping a transcript for the evidence. */
  private static final class Exchange {
    private final RuntimeApi api;
    private final StringBuilder transcript = new StringBuilder();

    Exchange(RuntimeApi api) {
      this.api = api;
    }

    void set(String command) throws DriverException {
      String answer = api.send(command).strip();
      transcript.append("> ").append(command).append('\n');
      if (!answer.isEmpty()) {
        transcript.append(answer).append('\n');
        throw new DriverException(
            "HAProxy refused \"" + command + "\": " + answer, transcript.toString());
      }
    }

    String transcript() {
      return transcript.toString().strip();
    }
  }
}
