package dev.baton.app.watch;

import dev.baton.app.output.Progress;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Decision;
import dev.baton.engine.Driver;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.ResultKey;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.facts.Facts;
import dev.baton.guard.SyncedWhenLastSeen;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.FailoverStrategy;
import dev.baton.strategy.PlanningException;
import dev.baton.strategy.Strategies;
import dev.baton.topology.LoadedTopology;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A watcher's responses, wired to the real parts: alerts through {@link Alerter}, and an automatic
 * failover planned by the {@code failover} strategy and run by the engine under the watcher's own
 * lease. It prints the report lines and keeps the figures for {@code --output json}.
 */
public final class WatchResponders implements Responders {

  /** The override that allows automatic failover together with automatic reverse replication. */
  public static final String BOTH_AUTOMATIC = "both-automatic";

  /** The watcher's lease lives this long unrenewed; its failover runs under the same lease. */
  public static final Duration LEASE_TTL = Duration.ofSeconds(15);

  /** How to fail over: the overrides and the operator, and whether to reverse replication. */
  public record Settings(Map<String, String> overrides, String operator, boolean autoReverse) {}

  private final Session session;
  private final LoadedTopology topology;
  private final Driver.Factory drivers;
  private final Lease lease;
  private final Alerter alerter;
  private final Settings settings;
  private final PrintStream out;
  private final boolean quiet;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  public WatchResponders(
      Session session,
      LoadedTopology topology,
      Driver.Factory drivers,
      Lease lease,
      Alerter alerter,
      Settings settings,
      PrintStream out,
      boolean quiet) {
    this.session = session;
    this.topology = topology;
    this.drivers = drivers;
    this.lease = lease;
    this.alerter = alerter;
    this.settings = settings;
    this.out = out;
    this.quiet = quiet;
  }

  /** What happened, for the JSON summary. */
  public Map<String, Object> figures() {
    return figures;
  }

  public void declared(Declaration d) {
    figures.put("declaredAt", String.valueOf(d.declaredAt()));
    figures.put("firstFailedAt", String.valueOf(d.firstFailedAt()));
    figures.put("detectionMs", d.detectionMs());
    figures.put("why", d.why());
    say(d.detectionSentence());
  }

  @Override
  public void alert(Alert alert) {
    say("alert (" + alert.event() + "): " + alert.message());
    List<String> sent = alerter.send(alert);
    if (sent.isEmpty()) {
      say("alert: no --alert-command or --alert-webhook is set; this line is the only alert");
    }
    sent.forEach(s -> say("alert: " + s));
    figures.put("alerts", sent);
  }

  /**
   * Plans and runs the failover with a driver of its own, opened now: connections the watch held to
   * the failed primary may be dead without knowing it yet (a cut link, a frozen host), and no step
   * may wait on them.
   */
  @Override
  public FailoverReport failover(Declaration d) {
    try (Driver driver = drivers.open(topology.topology())) {
      return failover(d, driver);
    } catch (Exception e) {
      return report(
          d,
          new FailoverReport(
              null, "failed", "cannot open the driver: " + e.getMessage(), 1, -1, -1, ""));
    }
  }

  private FailoverReport failover(Declaration d, Driver driver) {
    Plan plan;
    try {
      Facts facts = Session.observeOrWarn(driver, topology.topology());
      plan = Strategies.named("failover").orElseThrow().plan(topology.topology(), facts, goal(d));
    } catch (PlanningException e) {
      return report(
          d, new FailoverReport(null, "failed", "cannot plan: " + e.getMessage(), 1, -1, -1, ""));
    }
    Capture capture = new Capture();
    EngineListener progress = quiet ? EngineListener.NONE : Progress.forConsole(out);
    RunResult r =
        session
            .engine(driver, topology.topology(), EngineListener.both(progress, capture))
            .startHolding(lease, topology.topology(), plan, template(plan), engineOptions());
    long failoverMs =
        capture.writableNanos < 0 ? -1 : (capture.writableNanos - d.declaredNanos()) / 1_000_000;
    long unreplicated = capture.unreplicated;
    return report(
        d,
        new FailoverReport(
            r.runId(),
            r.status().label(),
            r.sentence(),
            r.exitCode(),
            failoverMs,
            unreplicated,
            loss(d, capture.assessment, unreplicated)));
  }

  private Goal goal(Declaration d) {
    Map<String, String> o = new LinkedHashMap<>();
    LastSeen seen = d.lastSeen();
    o.put(FailoverStrategy.ACTIVE, d.target().active());
    o.put(FailoverStrategy.LAST_SYNC_STATE, seen.syncState());
    o.put(FailoverStrategy.LAST_LAG_BYTES, Long.toString(seen.lagBytes()));
    o.put("lastSeenAt", String.valueOf(seen.at()));
    o.put("firstFailedAt", String.valueOf(d.firstFailedAt()));
    o.put("declaredAt", String.valueOf(d.declaredAt()));
    o.put("detectionMs", Long.toString(d.detectionMs()));
    if (settings.autoReverse()) {
      o.put(FailoverStrategy.AUTO_REVERSE, "true");
      o.put("bothAutomatic", settings.overrides().get(BOTH_AUTOMATIC));
    }
    return new Goal(null, o);
  }

  private RunRecord template(Plan plan) {
    return RunRecord.starting(
        plan.system(),
        plan.strategy(),
        "",
        plan.goal().options(),
        topology.source(),
        topology.text(),
        plan.fingerprint());
  }

  // Automatic: nobody is there to pass a gate, so confirm gates pass; guards still refuse.
  private EngineOptions engineOptions() {
    return new EngineOptions(
        true, settings.overrides(), LEASE_TTL, Duration.ofSeconds(30), settings.operator());
  }

  private static String loss(Declaration d, String assessment, long n) {
    if (n < 0) {
      return assessment == null
          ? "the transactions lost are unknown: the assessment did not run"
          : assessment;
    }
    if (SyncedWhenLastSeen.synchronous(d.lastSeen().syncState())) {
      return assessment
          + "; replication was synchronous, so none of them was acknowledged:"
          + " 0 acknowledged writes lost";
    }
    return "up to "
        + n
        + (n == 1 ? " acknowledged transaction" : " acknowledged transactions")
        + " may be lost ("
        + assessment
        + ")";
  }

  private FailoverReport report(Declaration d, FailoverReport f) {
    LastSeen seen = d.lastSeen();
    String lag = seen.lagBytes() < 0 ? "unknown" : seen.lagBytes() + " bytes";
    say(
        "failover: "
            + (f.failoverMs() < 0 ? "not done" : f.failoverMs() + " ms")
            + " from declared down until "
            + d.target().standby()
            + " accepted writes (run "
            + f.runId()
            + " "
            + f.status()
            + ": "
            + f.sentence()
            + ")");
    say(
        "lag bound: "
            + lag
            + " behind on "
            + seen.linkKey()
            + " at the last check "
            + d.target().active()
            + " passed, "
            + Times.clock(seen.at())
            + " (replication "
            + seen.syncState()
            + ")");
    if (!f.lossSentence().isEmpty()) {
      say("loss: " + f.lossSentence());
    }
    if (f.exitCode() == 0 && SyncedWhenLastSeen.synchronous(seen.syncState())) {
      say(
          "note: "
              + d.target().standby()
              + " commits without a synchronous standby until "
              + d.target().active()
              + " rejoins; set synchronous_standby_names again then");
    }
    figures.put("run", f.runId());
    figures.put("status", f.status());
    figures.put("sentence", f.sentence());
    figures.put("failoverMs", f.failoverMs());
    figures.put("lagBoundBytes", seen.lagBytes());
    figures.put("replication", seen.syncState());
    figures.put("unreplicatedTransactions", f.unreplicated());
    figures.put(
        "acknowledgedLostAtMost",
        SyncedWhenLastSeen.synchronous(seen.syncState()) ? 0 : f.unreplicated());
    figures.put("loss", f.lossSentence());
    return f;
  }

  private void say(String line) {
    if (!quiet) {
      out.println(line);
    }
  }

  /**
   * Notes when the new active first accepted writes, and what the loss assessment found: its
   * sentence for people and its count as the action reported it.
   */
  private static final class Capture implements EngineListener {
    volatile long writableNanos = -1;
    volatile String assessment;
    volatile long unreplicated = -1;

    @Override
    public void stepDecided(Step step, Decision d, Duration took) {
      if (!d.kind().completes()) {
        return;
      }
      if (step.action().verb() == Verb.WRITE_CHECK && writableNanos < 0) {
        writableNanos = System.nanoTime();
      }
      if (step.action().verb() == Verb.COUNT_UNREPLICATED) {
        assessment = d.sentence();
      }
    }

    @Override
    public void recorded(JournalEvent e) {
      if (e.type() == EventType.OUTCOME) {
        ResultKey.UNREPLICATED_TRANSACTIONS.in(e.data()).ifPresent(n -> unreplicated = n);
      }
    }
  }
}
