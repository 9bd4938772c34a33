package dev.baton.demo;

import dev.baton.app.output.Progress;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.Session;
import dev.baton.app.wiring.ShutdownHooks;
import dev.baton.engine.Driver;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.facts.Facts;
import dev.baton.plan.Checklist;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.testkit.dual.DualChecks;
import dev.baton.testkit.dual.DualSideLab;
import dev.baton.testkit.dual.SideWrite;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code baton demo --dual-side}: seed 002's split-side upgrade on real parts. Two PostgreSQL 16
 * sides replicate two databases both ways; each side's client writes through its own PgBouncer and
 * resolves names through its own hosts file. Baton upgrades both sides to 17 with side B serving
 * alone meanwhile, then prints what side B changed while split, which side A's data replaced.
 */
final class DualSideDemo {

  private final Path home;
  private final AtomicReference<DualSideLab> open = new AtomicReference<>();

  DualSideDemo(Path home) {
    this.home = home;
  }

  int run() throws Exception {
    Thread stop = ShutdownHooks.of("baton-demo-dual-cleanup", this::closeQuietly);
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      return demo();
    } finally {
      closeQuietly();
      ShutdownHooks.remove(stop);
    }
  }

  private int demo() throws Exception {
    System.out.println(
        "Baton demo: seed 002's split-side upgrade of a dual-sided PostgreSQL system, 16 -> 17,");
    System.out.println(
        "while each side's client writes through its own PgBouncer. Side B's changes made while"
            + " the sides are apart are listed, then lost when side A's data wins.\n");
    System.out.println("Starting side A and side B (PostgreSQL 16, main and report databases,");
    System.out.println("replicated both ways with origin = none) and a PgBouncer per side...");
    DualSideLab lab = DualSideLab.start();
    open.set(lab);
    Path file = lab.writeTopology(home.resolve("dual-lab.yaml"));
    System.out.println(
        "side A: "
            + lab.serverAddress("A")
            + ", side B: "
            + lab.serverAddress("B")
            + "; clients resolve side-a and side-b through "
            + lab.hostsFile("A").getFileName()
            + " and "
            + lab.hostsFile("B").getFileName()
            + "\n");
    lab.startClient("A");
    lab.startClient("B");
    lab.awaitAcknowledged("A", 50, Duration.ofSeconds(60));
    lab.awaitAcknowledged("B", 50, Duration.ofSeconds(60));

    LoadedTopology lt = TopologyLoader.load(file);
    String to = lab.binaries17().version();
    int code;
    String runId;
    try (Session session = new Session(new Home(home));
        Driver driver = Drivers.forTopology(lt.topology(), session.home())) {
      Facts before = driver.observe(lt.topology(), List.of());
      Plan plan = Session.plan(Session.strategy("split-side"), lt, before, Goal.upgradeTo(to));
      System.out.print(Checklist.render(plan, lt.topology(), before));
      System.out.println();
      RunRecord template =
          RunRecord.starting(
              plan.system(),
              plan.strategy(),
              to,
              plan.goal().options(),
              lt.source(),
              lt.text(),
              plan.fingerprint());
      RunResult r =
          session
              .engine(driver, lt.topology(), Progress.forConsole(System.out))
              .start(lt.topology(), plan, template, EngineOptions.defaults().withYes(true));
      code = r.exitCode();
      runId = r.runId();
      lab.awaitAcknowledged("B", acknowledged(lab, "B") + 20, Duration.ofSeconds(60));
      lab.stopClients();
      System.out.println();
      printDivergence(session.journal().events(runId));
    }
    List<DualChecks.Violation> lostOnA =
        DualChecks.presentOnBoth(lab.writes("A"), lab.snapshot("A"), lab.snapshot("B"));
    System.out.println(
        "side A's client: "
            + acknowledged(lab, "A")
            + " writes acknowledged, "
            + (lostOnA.isEmpty() ? "every one on both sides" : lostOnA.size() + " NOT on both"));
    System.out.println("side B's client: " + acknowledged(lab, "B") + " writes acknowledged");
    return lostOnA.isEmpty() ? code : 1;
  }

  /** The list-changes step's evidence: what side B changed while split, now replaced. */
  private static void printDivergence(List<JournalEvent> events) {
    String evidence =
        events.stream()
            .filter(e -> e.type() == EventType.OUTCOME && e.stepId().startsWith("list-changes-"))
            .reduce((x, y) -> y)
            .map(JournalEvent::evidence)
            .orElse("(the run did not reach the list of side B's changes)");
    System.out.println("## What side B changed while split (discarded when side A's data won)");
    System.out.println();
    // The first changes of each table; the run's journal holds every one.
    int shown = 0;
    int hidden = 0;
    for (String line : evidence.strip().split("\n")) {
      if (!line.startsWith("  ")) {
        hidden = flush(hidden);
        shown = 0;
        System.out.println(line);
      } else if (shown < SHOWN_PER_TABLE) {
        shown++;
        System.out.println(line);
      } else {
        hidden++;
      }
    }
    flush(hidden);
    System.out.println();
  }

  private static final int SHOWN_PER_TABLE = 12;

  private static int flush(int hidden) {
    if (hidden > 0) {
      System.out.println("  ... and " + hidden + " more");
    }
    return 0;
  }

  private static int acknowledged(DualSideLab lab, String side) {
    return (int) lab.writes(side).stream().filter(SideWrite::acknowledged).count();
  }

  private synchronized void closeQuietly() {
    DualSideLab lab = open.getAndSet(null);
    if (lab != null) {
      System.out.println(
          "stopping the demo's servers, poolers and clients and removing their files");
      lab.close();
    }
  }
}
