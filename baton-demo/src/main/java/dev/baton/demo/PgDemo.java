package dev.baton.demo;

import dev.baton.app.output.Progress;
import dev.baton.app.report.MarkdownReport;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.ShutdownHooks;
import dev.baton.demo.bench.PgScenario;
import dev.baton.demo.bench.Via;
import dev.baton.facts.Facts;
import dev.baton.plan.Checklist;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo on a real pair: PostgreSQL 15.8 (an older build from Maven Central) upgraded to Debian's
 * 15.x by the takeover strategy while a client writes, by default through a real PgBouncer that
 * Baton holds around the switchover, so that the client waits instead of failing; then the report
 * and the checkers' verdict, with the client's view.
 */
final class PgDemo {

  private final Path home;
  private final Via via;
  private final AtomicReference<PgScenario> open = new AtomicReference<>();

  PgDemo(Path home, Via via) {
    this.home = home;
    this.via = via;
  }

  int run() throws Exception {
    Thread stopServers = ShutdownHooks.of("baton-demo-cleanup", this::closeQuietly);
    Runtime.getRuntime().addShutdownHook(stopServers);
    try {
      return demo();
    } finally {
      closeQuietly();
      ShutdownHooks.remove(stopServers);
    }
  }

  private int demo() throws Exception {
    PgBinaries older = PgBinaries.zonky158();
    String newer = PgBinaries.debian().version();
    System.out.println(
        "Baton demo: a rolling minor upgrade of a real PostgreSQL pair, "
            + older.version()
            + " -> "
            + newer
            + ", while a client writes"
            + (via == Via.PGBOUNCER
                ? " through PgBouncer, which Baton holds while the roles change.\n"
                : " straight to whichever server is primary.\n"));
    System.out.println(
        "Starting a " + older.version() + " primary and a streaming standby on loopback...");
    Home h = new Home(home);
    LocalPgPair pair = LocalPgPair.start(older);
    Via.Front front;
    try {
      front = via.start(pair);
    } catch (Exception | Error e) {
      pair.close();
      throw e;
    }
    PgScenario s =
        PgScenario.start(
            home,
            pair,
            front.topology(),
            front.clientUrl(),
            t -> Drivers.forTopology(t, h),
            front.closers());
    open.set(s);
    System.out.println(
        "pg-a on 127.0.0.1:"
            + s.pair().pgA().port()
            + " (primary), pg-b on 127.0.0.1:"
            + s.pair().pgB().port()
            + " (standby); workload client on "
            + front.clientUrl()
            + "\n");
    s.awaitAcks(200);
    Facts before = s.observe();
    Plan plan = s.plan("takeover", Goal.upgradeTo(newer));
    System.out.print(Checklist.render(plan, s.topology().topology(), before));
    System.out.println();
    PgScenario.Window w = s.run("takeover", Goal.upgradeTo(newer), Progress.forConsole(System.out));
    s.awaitMoreAcks(100);
    Facts after = s.observe();
    PgScenario.Verdict v = s.finish();
    System.out.println();
    for (String c : List.of("pg-a", "pg-b")) {
      System.out.printf(
          "%s: %s %s -> %s %s%n",
          c,
          before.version(c).orElse(null),
          before.role(c).orElse("?"),
          after.version(c).orElse(null),
          after.role(c).orElse("?"));
    }
    System.out.println();
    System.out.print(MarkdownReport.render(s.report(w, v)));
    printTimeSplit(w);
    return v.safe() ? w.result().exitCode() : 1;
  }

  private static void printTimeSplit(PgScenario.Window w) {
    System.out.println(
        "- wall time "
            + w.wallMs()
            + " ms, of which "
            + w.actionMs()
            + " ms inside PostgreSQL actions and "
            + (w.wallMs() - w.actionMs())
            + " ms observing, verifying and journaling");
  }

  /**
   * Synchronized so that a Ctrl-C during the normal close waits for it: the JVM halts only after
   * its hooks return, so the servers are always stopped.
   */
  private synchronized void closeQuietly() {
    PgScenario s = open.getAndSet(null);
    if (s != null) {
      System.out.println("stopping the demo's PostgreSQL servers and removing their files");
      s.close();
    }
  }
}
