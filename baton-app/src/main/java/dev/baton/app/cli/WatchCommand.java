package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.output.Json;
import dev.baton.app.output.LostEvents;
import dev.baton.app.watch.Alerter;
import dev.baton.app.watch.AliveCheck;
import dev.baton.app.watch.Declaration;
import dev.baton.app.watch.FailureDetector;
import dev.baton.app.watch.OnFailure;
import dev.baton.app.watch.Sight;
import dev.baton.app.watch.Ticker;
import dev.baton.app.watch.Times;
import dev.baton.app.watch.WatchResponders;
import dev.baton.app.watch.WatchTarget;
import dev.baton.app.watch.Watcher;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import dev.baton.app.wiring.ShutdownHooks;
import dev.baton.engine.Driver;
import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.Leases;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.strategy.PlanningException;
import dev.baton.strategy.Strategies;
import dev.baton.topology.LoadedTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton watch}: watches the active of a pair under the system's lease. */
@Command(
    mixinStandardHelpOptions = true,
    name = "watch",
    description = {
      "Watch the active of a pair, and alert or fail over when it is down.",
      "Every heartbeat: a TCP connect to its database port, a database check through the driver (it answers and is still the active) and an optional script, all of which must pass. Only when every check has failed for the whole timeout is the active declared down; then alert, or fail over automatically (fence the failed active, promote the standby, move the entry points, check writes).",
      "The watcher holds the system's lease while it watches: a second watcher, or any run, on the same system is refused (exit 3). SIGTERM stops it and releases the lease.",
      "Exit 0 when the watch ends, or the failover run's code (0 done, 1 failed, 3 halted); 2 bad input; 3 another Baton holds the system or no active answers."
    },
    footer = {
      "",
      "Examples:",
      "  baton watch pair.yaml --alert-command 'mail -s \"$BATON_MESSAGE\" ops < /dev/null'",
      "  baton watch pair.yaml --on-failure switchover --heartbeat 1s --timeout 10s"
    })
public final class WatchCommand implements Callable<Integer> {

  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  @Mixin Common common;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file.")
  Path topology;

  @Option(
      names = "--heartbeat",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationText.class,
      description = "How often to check (500ms, 30s, 5m). Default: ${DEFAULT-VALUE}")
  Duration heartbeat;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "300s",
      converter = DurationText.class,
      description =
          "How long every check must fail before the active is declared down."
              + " Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Option(
      names = "--check-script",
      paramLabel = "CMD",
      description =
          "A user-defined check, run with sh -c; exit 0 means alive. It sees BATON_SYSTEM,"
              + " BATON_ACTIVE, BATON_HOST and BATON_PORT.")
  String checkScript;

  @Option(
      names = "--on-failure",
      paramLabel = "MODE",
      defaultValue = "alert",
      description =
          "alert: tell people and keep watching; switchover: fail over automatically, then"
              + " stop watching. Default: ${DEFAULT-VALUE}")
  String onFailure;

  @Option(
      names = "--alert-command",
      paramLabel = "CMD",
      description =
          "Run with sh -c on a declared failure (and after a failover); it sees BATON_EVENT,"
              + " BATON_SYSTEM, BATON_ACTIVE, BATON_STANDBY, BATON_MESSAGE, BATON_DETECTION_MS"
              + " and BATON_ALERT_JSON.")
  String alertCommand;

  @Option(
      names = "--alert-webhook",
      paramLabel = "URL",
      description = "POST the alert as JSON to this URL.")
  String alertWebhook;

  @Option(
      names = "--auto-reverse",
      description =
          "After an automatic failover, rejoin the failed server as a standby (reverse"
              + " replication). Refused with --on-failure switchover unless"
              + " --override both-automatic=REASON.")
  boolean autoReverse;

  @Option(
      names = "--override",
      paramLabel = "NAME=REASON",
      description =
          "Override a guard of the failover by name (or both-automatic), with a reason;"
              + " journaled.",
      converter = OneLine.class)
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = DurationText.class,
      description = "Stop watching after this long (0: until stopped). Default: ${DEFAULT-VALUE}")
  Duration forAtMost;

  @Option(
      names = "--max-failures",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Stop watching after N declared failures (0: no limit). A failover always ends the"
              + " watch. Default: ${DEFAULT-VALUE}")
  int maxFailures;

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description = "Who is acting. Default: $USER",
      converter = OneLine.class)
  String operator;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "Also write the watch's events as JSON lines to FILE (appended), for a log shipper:"
              + " watch.started, watch.verdict, watch.declared, watch.ended (see docs/events.md)")
  String events;

  private dev.baton.app.events.EventLog eventLog;

  private void emit(String type, Map<String, Object> fields) {
    if (eventLog != null) {
      eventLog.emit(type, fields);
    }
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> overridden = FlagPairs.parse(overrides, "--override");
    OnFailure mode =
        OnFailure.parse(onFailure)
            .orElseThrow(
                () ->
                    new UsageException(
                        "--on-failure '" + onFailure + "': expected alert or switchover"));
    checkModes(mode, autoReverse, overridden);
    checkDurations();
    if (events != null && !dev.baton.app.events.EventLog.STDOUT.equals(events)) {
      OutputFile.check("--events", events);
    }
    LoadedTopology lt = Secrets.load(topology);
    if (events != null) {
      try {
        eventLog = dev.baton.app.events.EventLog.open(events, Secrets.redactorFor(lt.topology()));
      } catch (java.io.IOException e) {
        throw new UsageException("--events " + events + ": cannot write: " + e.getMessage());
      }
    }
    try {
      int code = watchUnderLease(lt, mode, overridden);
      return LostEvents.of(eventLog, events).tell("the watch ended", code);
    } finally {
      if (eventLog != null) {
        eventLog.close();
      }
    }
  }

  private int watchUnderLease(LoadedTopology lt, OnFailure mode, Map<String, String> overridden)
      throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    // The beats' driver; a failover opens its own (WatchResponders), so that an observation of a
    // dead primary still waiting on a dead connection cannot hold it up.
    try (Session session = Session.open(common.resolveHome(), HomeUse.CREATE);
        Driver driver = Drivers.forTopology(lt.topology(), session.home())) {
      Lease lease;
      try {
        lease =
            Leases.keep(
                session.journal(),
                lt.topology().system(),
                Leases.Holder.WATCH,
                WatchResponders.LEASE_TTL);
      } catch (LeaseRefusedException e) {
        System.err.println("baton: not watching, another Baton is in control: " + e.getMessage());
        return 3;
      }
      try (lease) {
        return watch(session, lt, driver, lease, mode, overridden, released);
      }
    } finally {
      released.countDown();
    }
  }

  private int watch(
      Session session,
      LoadedTopology lt,
      Driver driver,
      Lease lease,
      OnFailure mode,
      Map<String, String> overridden,
      CountDownLatch released)
      throws UsageException {
    Topology t = lt.topology();
    Facts facts = Session.observeOrWarn(driver, t);
    Optional<WatchTarget> found = WatchTarget.observed(t, facts);
    if (found.isEmpty()) {
      System.err.println(
          "baton: no member of a two-member role group of "
              + t.system()
              + " answers as the active; nothing to watch");
      return 3;
    }
    WatchTarget target = found.get();
    // What an override can name: the guards of the failover the watch would run, and its own.
    List<String> overridable = new ArrayList<>(List.of(WatchResponders.BOTH_AUTOMATIC));
    if (mode == OnFailure.SWITCHOVER) {
      overridable.addAll(Overrides.guardNames(failoverPlan(lt, facts, target)));
    }
    Overrides.check(overridden, overridable, "watch --on-failure " + mode.label());
    String who =
        operator != null
            ? operator
            : OneLine.check(
                "--operator (default: $USER)", System.getenv().getOrDefault("USER", "operator"));
    WatchResponders responders =
        new WatchResponders(
            session,
            lt,
            topology -> Drivers.forTopology(topology, session.home()),
            lease,
            new Alerter(alertCommand, alertWebhook, Json::write),
            new WatchResponders.Settings(overridden, who, autoReverse),
            System.out,
            common.json());
    Watcher watcher =
        new Watcher(
            target,
            () -> Sight.through(driver, t),
            AliveCheck.forActive(t, target, heartbeat, checkScript),
            new FailureDetector(timeout),
            mode,
            responders,
            lease::isHeld,
            new Watcher.Settings(heartbeat, forAtMost, maxFailures),
            Ticker.system(),
            listener(target, responders));
    if (!common.json()) {
      System.out.println(
          "watching "
              + t.system()
              + ": "
              + target.active()
              + " ("
              + target.activeRole()
              + ", standby "
              + target.standby()
              + ") every "
              + DurationText.human(heartbeat)
              + "; declared down after "
              + DurationText.human(timeout)
              + " of failed checks; on failure: "
              + mode.label()
              + "; holding the lease as "
              + lease.holder());
    }
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("system", t.system());
    started.put("active", target.active());
    started.put("standby", target.standby());
    started.put("heartbeatMs", heartbeat.toMillis());
    started.put("timeoutMs", timeout.toMillis());
    started.put("onFailure", mode.label());
    emit("watch.started", started);
    Thread hook = ShutdownHooks.of("baton-watch-stop", () -> stopAndWait(watcher, released));
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Watcher.Ended ended = watcher.run();
      Map<String, Object> endedEvent = new LinkedHashMap<>();
      endedEvent.put("system", t.system());
      endedEvent.putAll(responders.figures());
      endedEvent.put("sentence", ended.sentence());
      endedEvent.put("exitCode", ended.exitCode());
      emit("watch.ended", endedEvent);
      if (common.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", t.system());
        m.put("active", target.active());
        m.put("standby", target.standby());
        m.putAll(responders.figures());
        m.put("ended", ended.sentence());
        m.put("exitCode", ended.exitCode());
        System.out.println(Json.write(m));
      } else {
        System.out.println(ended.sentence());
      }
      return ended.exitCode();
    } finally {
      ShutdownHooks.remove(hook);
    }
  }

  /**
   * Refuses the combination the seed warns against: with automatic failover and automatic reverse
   * replication, a failed server would be rewound and overwritten before anyone had looked at it.
   */
  static void checkModes(OnFailure mode, boolean autoReverse, Map<String, String> overrides)
      throws UsageException {
    if (!autoReverse) {
      return;
    }
    if (mode != OnFailure.SWITCHOVER) {
      throw new UsageException(
          "--auto-reverse rejoins the failed server after an automatic failover,"
              + " so it needs --on-failure switchover");
    }
    String reason = overrides.get(WatchResponders.BOTH_AUTOMATIC);
    if (reason == null || reason.isBlank()) {
      throw new UsageException(
          "refusing to watch with both --on-failure switchover and --auto-reverse: reverse"
              + " replication would overwrite the failed server right after the failover, before"
              + " anyone could look at why it failed (seed 004 advises turning on only one of"
              + " the two); add --override "
              + WatchResponders.BOTH_AUTOMATIC
              + "=REASON to do it anyway");
    }
  }

  private void checkDurations() throws UsageException {
    if (heartbeat.isZero() || heartbeat.isNegative()) {
      throw new UsageException("--heartbeat must be longer than 0");
    }
    if (maxFailures < 0) {
      throw new UsageException("--max-failures must not be negative");
    }
    if (alertWebhook != null && !isHttpUrl(alertWebhook)) {
      // The URL may carry a token, so the sentence does not repeat it.
      throw new UsageException("--alert-webhook is not an http or https URL with a host");
    }
  }

  private static boolean isHttpUrl(String text) {
    try {
      java.net.URI u = new java.net.URI(text);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private Plan failoverPlan(LoadedTopology lt, Facts facts, WatchTarget target)
      throws UsageException {
    try {
      return Strategies.named("failover")
          .orElseThrow()
          .plan(lt.topology(), facts, new Goal(null, Map.of("active", target.active())));
    } catch (PlanningException e) {
      throw new UsageException(
          lt.source() + ": an automatic failover cannot be planned: " + e.getMessage());
    }
  }

  private Watcher.Listener listener(WatchTarget target, WatchResponders responders) {
    boolean quiet = common.json();
    return new Watcher.Listener() {
      @Override
      public void verdict(Instant at, FailureDetector.Verdict v) {
        if (!quiet) {
          System.out.println(Times.clock(at) + " " + target.active() + " " + v.sentence());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", target.active());
        m.put("verdict", v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        m.put("sentence", v.sentence());
        emit("watch.verdict", m);
      }

      @Override
      public void declared(Declaration d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", target.active());
        m.put("firstFailedAt", String.valueOf(d.firstFailedAt()));
        m.put("declaredAt", String.valueOf(d.declaredAt()));
        m.put("detectionMs", d.detectionMs());
        m.put("why", d.why());
        emit("watch.declared", m);
        responders.declared(d);
      }
    };
  }

  private static void stopAndWait(Watcher watcher, CountDownLatch released) {
    watcher.stop();
    try {
      released.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
