package dev.baton.demo;

import dev.baton.app.UsageException;
import dev.baton.app.output.Progress;
import dev.baton.app.report.MarkdownReport;
import dev.baton.app.report.RunReport;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.Session;
import dev.baton.app.wiring.ShutdownHooks;
import dev.baton.demo.bench.Via;
import dev.baton.engine.Driver;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.facts.Facts;
import dev.baton.plan.Checklist;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "demo",
    description = {
      "Start a real PostgreSQL 15.8 primary/standby pair on loopback with a workload client",
      "behind a real PgBouncer, upgrade it to Debian's PostgreSQL 15.x with live progress (the",
      "pooler holds the client while the roles change), and print the report with the client's",
      "failed operations and longest operation, the write unavailability, lost writes and",
      "two-actives checks. Everything runs in a temporary directory that is removed afterwards,",
      "also on Ctrl-C. With --via direct, the client follows the primary by itself (pgjdbc's",
      "multi-host URL). With --sim, a takeover of the embedded example pair on the simulator.",
      "With --dual-side, seed 002's split-side upgrade of two PostgreSQL 16 sides that replicate",
      "both ways, each with its own client, and the list of side B's changes that were lost."
    },
    footer = {
      "",
      "Examples:",
      "  baton demo",
      "  baton demo --via direct",
      "  baton demo --sim",
      "  baton demo --dual-side"
    })
final class DemoCommand implements Callable<Integer> {

  @picocli.CommandLine.Option(names = "--sim", description = "Run the simulator demo instead.")
  boolean sim;

  @picocli.CommandLine.Option(
      names = "--dual-side",
      description =
          "Seed 002's split-side upgrade of a dual-sided PostgreSQL 16 system to 17, with a"
              + " client per side, then what side B changed while split.")
  boolean dualSide;

  @picocli.CommandLine.Option(
      names = "--via",
      defaultValue = "pgbouncer",
      description =
          "How the client reaches the pair: pgbouncer or direct. Default: ${DEFAULT-VALUE}")
  String via;

  static final String EXAMPLE = "dev/baton/demo/examples/takeover-sim.yaml";

  @Override
  public Integer call() throws Exception {
    Path home = Files.createTempDirectory("baton-demo-");
    Thread cleanup = ShutdownHooks.of("baton-demo-files", () -> Scratch.delete(home));
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      if (sim && dualSide) {
        throw new UsageException("--sim and --dual-side are two different demos: choose one");
      }
      if (dualSide) {
        return new DualSideDemo(home).run();
      }
      return sim ? run(home) : new PgDemo(home, via()).run();
    } finally {
      Scratch.delete(home);
      ShutdownHooks.remove(cleanup);
    }
  }

  private int run(Path homeDir) throws Exception {
    LoadedTopology lt = TopologyLoader.parse(example(), "takeover-sim.yaml (embedded)");
    try (Session session = new Session(new Home(homeDir));
        Driver driver = Drivers.forTopology(lt.topology(), session.home())) {
      Facts before = driver.observe(lt.topology(), java.util.List.of());
      Plan plan = Session.plan(Session.strategy("takeover"), lt, before, Goal.upgradeTo("2.0"));
      System.out.println(
          "Baton demo: a takeover upgrade of an active/standby pair on the simulator");
      System.out.println("(the real PostgreSQL pair arrives with the PostgreSQL driver)\n");
      System.out.print(Checklist.render(plan, lt.topology(), before));
      System.out.println();
      RunRecord template =
          RunRecord.starting(
              plan.system(),
              plan.strategy(),
              "2.0",
              plan.goal().options(),
              lt.source(),
              lt.text(),
              plan.fingerprint());
      RunResult r =
          session
              .engine(driver, lt.topology(), Progress.forConsole(System.out))
              .start(lt.topology(), plan, template, EngineOptions.defaults().withYes(true));
      Facts after = driver.observe(lt.topology(), java.util.List.of());
      System.out.println();
      for (var c : lt.topology().components()) {
        System.out.printf(
            "%s: %s %s -> %s %s%n",
            c.name(),
            before.version(c.name()).orElse(null),
            before.role(c.name()).orElse("?"),
            after.version(c.name()).orElse(null),
            after.role(c.name()).orElse("?"));
      }
      System.out.println();
      System.out.print(
          MarkdownReport.render(
              RunReport.of(
                  session.journal().run(r.runId()).orElseThrow(),
                  dev.baton.plan.Outline.of(plan),
                  session.journal().events(r.runId()))));
      return r.exitCode();
    }
  }

  private Via via() throws UsageException {
    Via v;
    try {
      v = Via.parse(via);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (v == Via.HAPROXY) {
      throw new UsageException("the demo runs --via pgbouncer or --via direct");
    }
    return v;
  }

  static String example() throws IOException {
    try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
      if (in == null) {
        throw new IOException("the embedded example " + EXAMPLE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
