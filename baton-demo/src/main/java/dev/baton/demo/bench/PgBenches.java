package dev.baton.demo.bench;

import dev.baton.drivers.ssh.SshSettings;
import dev.baton.engine.Driver;
import dev.baton.engine.EngineListener;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.ResultKey;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.ssh.LocalSshd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The switchover and rolling-upgrade benchmarks of TESTING.md, on a real local pair under the
 * workload client. They print figures; the reliability tests assert on the same scenario.
 */
public final class PgBenches {
  private PgBenches() {}

  /**
   * N planned switchovers back and forth, with the client reaching the pair {@code via} an entry
   * point and Baton reaching its nodes by {@code reach}. Over SSH the same switchovers run locally
   * first, so that the ratio of the two compares runs on one machine in one state.
   */
  public static Map<String, Object> switchover(
      Path home, int runs, Via via, Reach reach, Reach.Drivers drivers) throws Exception {
    Map<String, Object> local = series(home.resolve("local"), runs, via, Reach.LOCAL, drivers);
    if (reach == Reach.LOCAL) {
      return local;
    }
    Map<String, Object> ssh = series(home.resolve("ssh"), runs, via, Reach.SSH, drivers);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "switchover");
    out.put("via", via.label());
    out.put("transport", "ssh, with a local baseline in the same invocation");
    out.put("runs", runs);
    out.put(
        "sshToLocalLongestOpRatio",
        ratio(ssh.get("longestOpMsMedian"), local.get("longestOpMsMedian")));
    out.put(
        "sshToLocalLongestGapRatio",
        ratio(ssh.get("longestGapMsMedian"), local.get("longestGapMsMedian")));
    out.put("ssh", ssh);
    out.put("local", local);
    return out;
  }

  private static double ratio(Object a, Object b) {
    double den = ((Number) b).doubleValue();
    return den == 0 ? 0 : Math.round(((Number) a).doubleValue() / den * 100) / 100.0;
  }

  private static Map<String, Object> series(
      Path home, int runs, Via via, Reach reach, Reach.Drivers drivers) throws Exception {
    try (PgScenario s = scenario(home, via, reach, drivers)) {
      s.awaitAcks(200);
      Series x = new Series();
      for (int i = 0; i < runs; i++) {
        PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), x.steps);
        if (w.result().status() != RunStatus.DONE) {
          x.notDone.add(w.result().status().label() + ": " + w.result().sentence());
        }
        s.awaitMoreAcks(50);
        x.add(s, w);
      }
      return x.figures(via, reach, runs, s.finish());
    }
  }

  /** A local pair behind {@code via}, its nodes reached by {@code reach}, under the workload. */
  static PgScenario scenario(Path home, Via via, Reach reach, Reach.Drivers drivers)
      throws Exception {
    LocalSshd sshd = reach == Reach.SSH ? LocalSshd.start() : null;
    List<AutoCloseable> closers = new ArrayList<>();
    LocalPgPair pair;
    Via.Front front;
    try {
      pair = LocalPgPair.start(PgBinaries.debian());
      try {
        front = via.start(pair);
      } catch (Exception | Error e) {
        pair.close();
        throw e;
      }
    } catch (Exception | Error e) {
      if (sshd != null) {
        sshd.close();
      }
      throw e;
    }
    closers.addAll(front.closers());
    String topology = front.topology();
    SshSettings ssh = null;
    if (sshd != null) {
      topology = Reach.overSsh(topology, sshd);
      closers.add(sshd);
      ssh = sshd.settings();
    }
    SshSettings settings = ssh;
    return PgScenario.start(
        home, pair, topology, front.clientUrl(), t -> drivers.open(t, settings), closers);
  }

  /** The figures of one series of switchovers, one entry per run. */
  private static final class Series {
    final List<String> notDone = new ArrayList<>();
    final List<Double> gaps = new ArrayList<>();
    final List<Double> longestOps = new ArrayList<>();
    final List<Double> errors = new ArrayList<>();
    final List<Double> pauses = new ArrayList<>();
    final List<Double> wall = new ArrayList<>();
    final List<Double> postgres = new ArrayList<>();
    final List<Double> remote = new ArrayList<>();
    final List<Double> remoteCommands = new ArrayList<>();
    final List<Double> baton = new ArrayList<>();
    final StepTimes steps = new StepTimes();

    void add(PgScenario s, PgScenario.Window w) {
      gaps.add(s.longestGapMs(w));
      longestOps.add(s.longestOpMs(w));
      errors.add((double) s.clientErrors(w));
      for (JournalEvent e : s.journal().events(w.runId())) {
        ResultKey.PAUSE_MS.in(e.data()).ifPresent(ms -> pauses.add((double) ms));
      }
      wall.add((double) w.wallMs());
      postgres.add((double) w.waitingOnPostgresMs());
      remote.add((double) w.remoteMs());
      remoteCommands.add((double) w.remoteCommands());
      baton.add((double) w.batonOwnWorkMs());
    }

    Map<String, Object> figures(Via via, Reach reach, int runs, PgScenario.Verdict v) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("benchmark", "switchover");
      out.put("via", via.label());
      out.put("transport", reach.label());
      out.put("postgresql", PgBinaries.debian().version());
      out.put("runs", runs);
      out.put("runsNotDone", notDone.size());
      out.put("notDone", notDone);
      out.put("clientErrorsTotal", errors.stream().mapToLong(Double::longValue).sum());
      out.put("clientErrorsAll", errors.stream().map(Double::longValue).toList());
      put(out, "longestOpMs", longestOps);
      put(out, "longestGapMs", gaps);
      if (!pauses.isEmpty()) {
        put(out, "pauseMs", pauses);
      }
      out.put("runWallMsMedian", PgScenario.round(EngineBench.median(wall)));
      out.put("waitingOnPostgresMsMedian", PgScenario.round(EngineBench.median(postgres)));
      out.put("remoteRoundTripsMsMedian", PgScenario.round(EngineBench.median(remote)));
      out.put("remoteCommandsMedian", PgScenario.round(EngineBench.median(remoteCommands)));
      out.put("batonOwnWorkMsMedian", PgScenario.round(EngineBench.median(baton)));
      out.put("stepsMsMedian", steps.medians());
      out.putAll(PgScenario.figures(v));
      return out;
    }

    private static void put(Map<String, Object> out, String name, List<Double> values) {
      out.put(name + "Median", PgScenario.round(EngineBench.median(values)));
      out.put(
          name + "Worst", PgScenario.round(values.stream().mapToDouble(d -> d).max().orElse(0)));
      out.put(name + "All", values.stream().map(PgScenario::round).toList());
    }
  }

  /** A real minor upgrade of the pair, from the 15.8 build to Debian's 15.x. */
  public static Map<String, Object> rollingUpgrade(Path home, Driver.Factory drivers)
      throws Exception {
    try (PgScenario s = PgScenario.start(home, PgBinaries.zonky158(), drivers)) {
      s.awaitAcks(200);
      String from = s.observe().version("pg-a").map(Object::toString).orElse("?");
      String to = PgBinaries.debian().version();
      PgScenario.Window w = s.run("takeover", Goal.upgradeTo(to), EngineListener.NONE);
      s.awaitMoreAcks(50);
      var after = s.observe();
      PgScenario.Verdict v = s.finish();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("benchmark", "rolling-upgrade");
      out.put("from", from);
      out.put("to", to);
      out.put("status", w.result().status().label());
      out.put(
          "versionsAfter",
          Map.of(
              "pg-a",
              String.valueOf(after.version("pg-a").orElse(null)),
              "pg-b",
              String.valueOf(after.version("pg-b").orElse(null))));
      out.put("wallMs", w.wallMs());
      out.put("waitingOnPostgresMs", w.actionMs());
      out.put("batonOverheadMs", w.wallMs() - w.actionMs());
      out.putAll(PgScenario.figures(v));
      return out;
    }
  }

  /**
   * A real major upgrade, 15 to 17, of a pair behind PgBouncer under the workload client, then its
   * rollback: each cutover's pause, what the client saw, and how long the copy took to build.
   */
  public static Map<String, Object> majorUpgrade(Path home, Driver.Factory drivers, long rows)
      throws Exception {
    try (MajorLab lab = MajorLab.start(home, drivers, rows)) {
      PgScenario s = lab.scenario();
      s.awaitAcks(200);
      Steps up = new Steps();
      PgScenario.Window w = s.run("major-upgrade", Goal.upgradeTo("17"), up);
      s.awaitMoreAcks(200);
      var after = s.observe();
      String standby = lab.sql("pg-d", "select pg_is_in_recovery()::text");
      Steps down = new Steps();
      PgScenario.Window back = s.run("major-rollback", new Goal(null, Map.of()), down);
      s.awaitMoreAcks(200);
      PgScenario.Verdict v = s.finish();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("benchmark", "major-upgrade");
      out.put("from", PgBinaries.debian().version());
      out.put("to", PgBinaries.zonky17().version());
      out.put(
          "bytesCopied",
          Long.parseLong(lab.pair().pgA().sql("select pg_database_size('postgres')")));
      Map<String, Object> upgrade = cutover(s, w, up);
      upgrade.put("buildMs", up.ms("copy-pg-c") + up.ms("sync-pg-c"));
      upgrade.put("standbyMs", up.ms("standby-pg-d"));
      upgrade.put("newPrimaryVersion", String.valueOf(after.version("pg-c").orElse(null)));
      upgrade.put("newStandbyInRecovery", standby);
      out.put("upgrade", upgrade);
      out.put("rollback", cutover(s, back, down));
      out.putAll(PgScenario.figures(v));
      return out;
    }
  }

  private static Map<String, Object> cutover(PgScenario s, PgScenario.Window w, Steps steps) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", w.result().status().label());
    m.put("pauseMs", steps.heldMs());
    m.put("clientErrors", s.clientErrors(w));
    m.put("longestOpMs", PgScenario.round(s.longestOpMs(w)));
    m.put("longestGapMs", PgScenario.round(s.longestGapMs(w)));
    m.put("wallMs", w.wallMs());
    m.put("stepsMs", steps.all());
    return m;
  }

  /** How long each step took, and how long a pooler held its clients, from the decisions. */
  private static final class Steps implements dev.baton.engine.EngineListener {
    private final Map<String, Long> ms = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> order =
        java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile long held = -1;
    private static final java.util.regex.Pattern HELD =
        java.util.regex.Pattern.compile("holding them (\\d+) ms");

    @Override
    public void stepDecided(
        dev.baton.plan.Step step, dev.baton.engine.Decision d, java.time.Duration took) {
      ms.merge(step.id(), took.toMillis(), Long::sum);
      order.merge(step.id(), took.toMillis(), Long::sum);
      java.util.regex.Matcher m = HELD.matcher(d.sentence());
      if (step.id().startsWith("release-") && m.find()) {
        held = Long.parseLong(m.group(1));
      }
    }

    long ms(String step) {
      return ms.getOrDefault(step, 0L);
    }

    /** Each step's time in milliseconds, in the order the steps were decided. */
    Map<String, Long> all() {
      return new LinkedHashMap<>(order);
    }

    long heldMs() {
      return held;
    }
  }
}
