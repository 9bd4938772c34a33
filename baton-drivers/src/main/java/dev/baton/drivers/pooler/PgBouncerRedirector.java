package dev.baton.drivers.pooler;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.drivers.redirect.Redirector;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Property;
import dev.baton.model.EntryPoint;
import dev.baton.topology.PropertyKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Moves a pooler entry point through PgBouncer's admin console: PAUSE holds the clients of one
 * database (running transactions finish, new ones wait), its {@code [databases]} entry is pointed
 * at the new primary and RELOADed, SHOW DATABASES verifies it, and RESUME lets the clients go on.
 *
 * <p>Entry point properties: {@code node} (where PgBouncer runs and its configuration lives),
 * {@code host} (default 127.0.0.1) and {@code port} of its listener as seen from that node, {@code
 * adminUser} (default {@code pgbouncer}, one of its {@code admin_users}), {@code adminPassword}
 * (the name of a secret), {@code database} (the entry clients use), {@code config} (the file
 * holding that entry), {@code server.<component>} ({@code host:port} of each component as PgBouncer
 * reaches it), and optionally {@code clientUrl} (the URL clients use, for the preflight's pgjdbc
 * check).
 */
public final class PgBouncerRedirector implements Redirector {

  /** The entry point properties pooler redirection reads ({@link PgBouncerSettings}). */
  public static final List<PropertyKey> PROPERTIES =
      List.of(
          exact("node", "the node PgBouncer runs on and its file lives on (required)", NO_DEFAULT),
          exact("host", "PgBouncer's listener as seen from that node", "127.0.0.1"),
          exact("port", "PgBouncer's port (required)", NO_DEFAULT),
          exact("adminUser", "one of PgBouncer's admin_users", "pgbouncer"),
          exact("adminPassword", "the topology secret holding that user's password", NO_DEFAULT),
          exact("database", "the [databases] entry clients use (required)", NO_DEFAULT),
          exact("config", "the file that holds that entry (required)", NO_DEFAULT),
          family(
              PgBouncerSettings.SERVER_PREFIX,
              "component",
              "host:port of a component as PgBouncer reaches it",
              NO_DEFAULT),
          exact("clientUrl", "the clients' URL, checked for prepareThreshold=0", NO_DEFAULT));

  private static final Duration CONNECT = Duration.ofSeconds(3);

  private final Function<String, Transport> transports;
  private final Function<String, String> secrets;
  private final Map<String, AdminConsole> consoles = new HashMap<>(); // guarded by this
  private final Map<String, AdminConsole> pausers = new HashMap<>(); // guarded by this
  private final Map<String, Held> held = new HashMap<>(); // guarded by this

  /** When Baton asked the pooler to hold an entry point's clients, and its file at that moment. */
  private record Held(long sinceNanos, ConfigFile.Snapshot config) {}

  /**
   * Reaches each entry point's PgBouncer through the transport of its {@code node} ({@code
   * transports} by node name), with the admin password from {@code secrets} by secret name.
   */
  public PgBouncerRedirector(
      Function<String, Transport> transports, Function<String, String> secrets) {
    this.transports = transports;
    this.secrets = secrets;
  }

  @Override
  public boolean holdsClients() {
    return true;
  }

  @Override
  public Optional<String> pointsAt(EntryPoint ep) throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    return s.component(state(ep, s, false).target());
  }

  @Override
  public List<Fact> observe(EntryPoint ep) throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    Instant at = Instant.now();
    List<Fact> out = new ArrayList<>();
    PoolerState st;
    try {
      st = state(ep, s, true);
    } catch (DriverException e) {
      out.add(property(ep, Property.UNREACHABLE, e.getMessage(), at));
      return out;
    }
    s.component(st.target())
        .ifPresent(c -> out.add(new Fact(FactKind.POINTS_AT, ep.name(), c, "pgbouncer", at)));
    out.add(property(ep, Property.POOLER_TARGET, st.target(), at));
    out.add(property(ep, Property.PAUSED, st.paused().label(), at));
    out.add(property(ep, Property.WAITING_CLIENTS, Integer.toString(st.waitingClients()), at));
    out.add(property(ep, Property.POOL_MODE, st.poolMode(), at));
    out.add(
        property(ep, Property.QUERY_WAIT_TIMEOUT_MS, Long.toString(st.queryWaitTimeoutMs()), at));
    return out;
  }

  private static Fact property(EntryPoint ep, Property p, String value, Instant at) {
    return new Fact(FactKind.PROPERTY, p.of(ep.name()), value, "pgbouncer", at);
  }

  /**
   * The preflight of a pooler: it answers, points at the old primary, and its query_wait_timeout
   * (the ceiling of any pause budget) is read; a pgjdbc client URL without prepareThreshold=0 under
   * transaction pooling is warned about.
   */
  @Override
  public synchronized ActionResult prepare(EntryPoint ep, String from, String to)
      throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    PoolerState st = state(ep, s, true);
    requirePointsAt(ep, s, st, from);
    ConfigFile.of(transport(s), s.config()).read().requireEntry(s.database());
    pauser(ep, s);
    String sentence =
        ep.name()
            + ": "
            + s.where()
            + " points "
            + s.database()
            + " at "
            + from
            + " ("
            + st.target()
            + "), pools by "
            + st.poolMode()
            + ", and fails clients after waiting "
            + st.queryWaitTimeoutMs()
            + " ms (query_wait_timeout), the ceiling of the pause budget";
    Optional<String> warning = ClientUrl.warning(s.clientUrl(), st.poolMode());
    return new ActionResult(
        sentence + warning.map(w -> "; warning: " + w).orElse(""), st.evidence());
  }

  /**
   * PAUSE (bounded by {@code wait}), then stage the move to {@code to} in the file without RELOAD:
   * PgBouncer reads its file only when told to, so the release after the promote needs no command
   * on the node, only RELOAD and RESUME on the console. The new file is written beside the old one
   * before the PAUSE, so that clients wait only for its rename.
   */
  @Override
  public synchronized ActionResult hold(EntryPoint ep, String from, String to, Duration wait)
      throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    PoolerState st = state(ep, s, false);
    if (st.paused() == PoolerState.Paused.TRUE) {
      held.putIfAbsent(ep.name(), new Held(System.nanoTime(), null));
      stage(ep, s, to);
      return new ActionResult(ep.name() + " already holds its clients", st.evidence());
    }
    requirePointsAt(ep, s, st, from);
    ConfigFile file = ConfigFile.of(transport(s), s.config());
    ConfigFile.Snapshot config = file.read();
    ConfigFile.Prepared prepared = prepare(file, config, s, to);
    long t0 = System.nanoTime();
    held.put(ep.name(), new Held(t0, config));
    String command = "PAUSE " + s.database();
    try {
      if (st.paused() == PoolerState.Paused.FALSE) {
        pauser(ep, s).query(command, wait);
      } else {
        awaitPaused(ep, s, wait);
      }
    } catch (DriverException e) {
      drop(pausers, ep.name());
      discard(file, prepared);
      throw resumedAfter(ep, s, from, wait, e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    try {
      if (prepared != null) {
        held.put(ep.name(), new Held(t0, file.commit(prepared)));
      }
    } catch (DriverException e) {
      discard(file, prepared);
      throw resumedAfter(ep, s, from, wait, e);
    }
    return new ActionResult(
        ep.name()
            + " holds its clients: "
            + command
            + " took "
            + ms
            + " ms; "
            + s.config()
            + " points "
            + s.database()
            + " at "
            + to
            + ", to be reloaded once "
            + to
            + " is the primary",
        "> " + command);
  }

  /** The file pointing the database at {@code to}, written beside it; null when it already does. */
  private static ConfigFile.Prepared prepare(
      ConfigFile file, ConfigFile.Snapshot config, PgBouncerSettings s, String to)
      throws DriverException {
    String target = s.server(to);
    if (ConfigFile.target(config, s.database()).equals(target)) {
      return null;
    }
    int colon = target.lastIndexOf(':');
    return file.prepare(
        config,
        s.database(),
        target.substring(0, colon),
        Integer.parseInt(target.substring(colon + 1)));
  }

  private static void discard(ConfigFile file, ConfigFile.Prepared prepared) {
    if (prepared == null) {
      return;
    }
    try {
      file.discard(prepared);
    } catch (DriverException ignored) {
      // a copy left beside the file is rewritten by the next hold and never read by PgBouncer
    }
  }

  /** A PAUSE a previous process issued: wait, bounded, for the running transactions to finish. */
  private void awaitPaused(EntryPoint ep, PgBouncerSettings s, Duration wait)
      throws DriverException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (state(ep, s, false).paused() != PoolerState.Paused.TRUE) {
      if (System.nanoTime() > deadline) {
        throw new AdminConsole.Timeout("PAUSE " + s.database() + " did not finish");
      }
      pause(5);
    }
  }

  /**
   * A PAUSE that did not finish in time, or a hold that could not be staged: RESUME, so that
   * clients go on with the old primary, and the sentence that fails the step.
   */
  private DriverException resumedAfter(
      EntryPoint ep, PgBouncerSettings s, String from, Duration wait, DriverException cause)
      throws DriverException {
    String running = "";
    try {
      running = " (" + state(ep, s, false).activeServers() + " server connections still busy)";
    } catch (DriverException ignored) {
      // the RESUME below says whether the pooler still answers
    }
    resume(ep, s);
    held.remove(ep.name());
    String why =
        cause instanceof AdminConsole.Timeout
            ? "PAUSE "
                + s.database()
                + " did not finish within "
                + wait.toMillis()
                + " ms: transactions still ran"
                + running
            : cause.getMessage();
    return new DriverException(
        why + "; resumed " + s.database() + ", so its clients go on with " + from,
        cause.evidence());
  }

  @Override
  public synchronized ActionResult release(EntryPoint ep, String to) throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    StringBuilder ev = new StringBuilder();
    PoolerState st = repoint(ep, s, to, ev);
    if (!st.target().equals(s.server(to))) {
      throw new DriverException(
          ep.name() + " reports " + st.target() + " after the RELOAD, not " + to, ev.toString());
    }
    long waiting = st.waitingClients();
    if (st.paused() != PoolerState.Paused.FALSE) {
      resume(ep, s);
      ev.append("> RESUME ").append(s.database()).append('\n');
    }
    Held h = held.remove(ep.name());
    long heldMs = h == null ? -1 : (System.nanoTime() - h.sinceNanos()) / 1_000_000;
    ActionResult r =
        new ActionResult(
            ep.name()
                + " points at "
                + to
                + " ("
                + st.target()
                + "); "
                + (st.paused() == PoolerState.Paused.FALSE
                    ? "its clients were not held"
                    : "resumed " + waiting + " waiting clients")
                + (h == null ? "" : " after holding them " + heldMs + " ms"),
            ev.toString().strip());
    r = r.with(ResultKey.WAITING_CLIENTS, waiting);
    return h == null ? r : r.with(ResultKey.PAUSE_MS, heldMs);
  }

  @Override
  public synchronized ActionResult redirect(EntryPoint ep, String to) throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    StringBuilder ev = new StringBuilder();
    PoolerState st = repoint(ep, s, to, ev);
    return new ActionResult(
        ep.name() + " points at " + to + " (" + st.target() + ")", ev.toString().strip());
  }

  /**
   * The file and then the running pooler point at {@code to}: the file is written unless it (as
   * staged, or read now) already does, and RELOAD is sent unless the pooler already does.
   */
  private PoolerState repoint(EntryPoint ep, PgBouncerSettings s, String to, StringBuilder ev)
      throws DriverException {
    if (stage(ep, s, to)) {
      ev.append(s.config()).append(": ").append(s.database()).append(" -> ").append(to);
      ev.append('\n');
    }
    PoolerState st = state(ep, s, false);
    if (st.target().equals(s.server(to))) {
      return st;
    }
    console(ep, s).query("RELOAD");
    ev.append("> RELOAD\n");
    return state(ep, s, false);
  }

  /**
   * Points the database's entry in the file at {@code to} unless Baton knows it does (it staged it,
   * or reads it now); returns whether it wrote.
   */
  private boolean stage(EntryPoint ep, PgBouncerSettings s, String to) throws DriverException {
    String target = s.server(to);
    Held h = held.get(ep.name());
    ConfigFile file = ConfigFile.of(transport(s), s.config());
    ConfigFile.Snapshot known = h != null && h.config() != null ? h.config() : file.read();
    if (ConfigFile.target(known, s.database()).equals(target)) {
      return false;
    }
    int colon = target.lastIndexOf(':');
    ConfigFile.Snapshot written =
        file.replace(
            known,
            s.database(),
            target.substring(0, colon),
            Integer.parseInt(target.substring(colon + 1)));
    if (h != null) {
      held.put(ep.name(), new Held(h.sinceNanos(), written));
    }
    return true;
  }

  @Override
  public synchronized boolean verify(EntryPoint ep, String to) throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    return state(ep, s, false).target().equals(s.server(to));
  }

  @Override
  public synchronized ActionResult settle(EntryPoint ep, String to) throws DriverException {
    PgBouncerSettings s = PgBouncerSettings.of(ep);
    PoolerState st = state(ep, s, false);
    return new ActionResult(
        ep.name()
            + " sends its clients to "
            + s.component(st.target()).orElse(st.target())
            + "; "
            + st.paused().sentence()
            + ", "
            + st.waitingClients()
            + " waiting",
        st.evidence());
  }

  private static void requirePointsAt(
      EntryPoint ep, PgBouncerSettings s, PoolerState st, String from) throws DriverException {
    if (!st.target().equals(s.server(from))) {
      throw new DriverException(
          ep.name()
              + " points "
              + s.database()
              + " at "
              + s.component(st.target()).orElse(st.target())
              + ", not at "
              + from
              + "; not holding clients that are not on the old primary",
          st.evidence());
    }
  }

  private void resume(EntryPoint ep, PgBouncerSettings s) throws DriverException {
    try {
      console(ep, s).query("RESUME " + s.database());
    } catch (DriverException e) {
      if (!e.getMessage().contains("is not paused")) {
        throw e;
      }
    }
  }

  /** What the console says about the entry point's database; {@code config} adds SHOW CONFIG. */
  private PoolerState state(EntryPoint ep, PgBouncerSettings s, boolean config)
      throws DriverException {
    AdminConsole c = console(ep, s);
    try {
      return PoolerState.read(
          s.database(),
          c.query("SHOW DATABASES"),
          c.query("SHOW POOLS"),
          config ? c.query("SHOW CONFIG") : null);
    } catch (DriverException e) {
      drop(consoles, ep.name());
      throw e;
    }
  }

  /** The held console connection of an entry point, opened (again) when needed. */
  private synchronized AdminConsole console(EntryPoint ep, PgBouncerSettings s)
      throws DriverException {
    return open(consoles, ep, s);
  }

  /** A second connection that only pauses: PAUSE blocks its connection until it is done. */
  private AdminConsole pauser(EntryPoint ep, PgBouncerSettings s) throws DriverException {
    return open(pausers, ep, s);
  }

  private AdminConsole open(Map<String, AdminConsole> pool, EntryPoint ep, PgBouncerSettings s)
      throws DriverException {
    AdminConsole c = pool.get(ep.name());
    if (c != null && c.isOpen()) {
      return c;
    }
    InetSocketAddress at = transport(s).reach(s.host(), s.port());
    String password = null;
    if (s.adminPassword() != null) {
      try {
        password = secrets.apply(s.adminPassword());
      } catch (RuntimeException e) {
        throw new DriverException(
            "cannot read the admin password of " + s.where() + ": " + e.getMessage(), "");
      }
    }
    c = AdminConsole.open(at, s.where(), s.adminUser(), password, CONNECT);
    pool.put(ep.name(), c);
    return c;
  }

  private static void drop(Map<String, AdminConsole> pool, String name) {
    AdminConsole c = pool.remove(name);
    if (c != null) {
      c.close();
    }
  }

  private Transport transport(PgBouncerSettings s) {
    return transports.apply(s.node());
  }

  private static void pause(long ms) throws DriverException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while waiting for PgBouncer", "");
    }
  }

  @Override
  public synchronized void close() {
    consoles.values().forEach(AdminConsole::close);
    pausers.values().forEach(AdminConsole::close);
    consoles.clear();
    pausers.clear();
  }
}
