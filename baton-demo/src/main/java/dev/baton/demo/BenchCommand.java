package dev.baton.demo;

import dev.baton.app.UsageException;
import dev.baton.app.cli.Common;
import dev.baton.app.output.Json;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.EngineBench;
import dev.baton.demo.bench.Reach;
import dev.baton.demo.bench.Via;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "bench",
    description = "Benchmarks that print JSON figures (they assert nothing).",
    subcommands = {
      BenchCommand.Engine.class,
      BenchCommand.Switchover.class,
      BenchCommand.RollingUpgrade.class,
      BenchCommand.MajorUpgrade.class,
      BenchCommand.FleetRun.class
    },
    footer = {
      "",
      "Examples:",
      "  baton bench engine --steps 500 --nodes 1000 --runs 5",
      "  baton bench engine --nodes 5000 --apply-runs 1",
      "  baton bench switchover --runs 10",
      "  baton bench rolling-upgrade",
      "  baton bench major-upgrade --from 15 --to 17",
      "  baton bench fleet --systems 10000 --workers 3"
    })
final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "engine",
      description = {
        "Per-step engine overhead on no-op steps with the SQLite journal, plan+validate time",
        "of a generated topology, peak heap, and full applies (full-stop on the simulator) of a",
        "10-node system and of the generated one: per-step time, their ratio, and heap."
      },
      footer = {
        "",
        "Examples:",
        "  baton bench engine --steps 500 --nodes 1000 --runs 5",
        "  BATON_JAVA_OPTS=-Xmx512m baton bench engine --nodes 5000 --apply-runs 1"
      })
  static final class Engine implements Callable<Integer> {

    @picocli.CommandLine.Mixin Common common;

    @Option(
        names = "--steps",
        defaultValue = "500",
        description = "No-op steps per run. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(
        names = "--nodes",
        defaultValue = "1000",
        description = "Nodes in the generated topology. Default: ${DEFAULT-VALUE}")
    int nodes;

    @Option(
        names = "--runs",
        defaultValue = "5",
        description = "Repetitions; medians are reported. Default: ${DEFAULT-VALUE}")
    int runs;

    @Option(
        names = "--apply-runs",
        defaultValue = "1",
        description =
            "Full applies of each size (10 nodes and --nodes); 0 skips them."
                + " Default: ${DEFAULT-VALUE}")
    int applyRuns;

    @Override
    public Integer call() throws Exception {
      if (steps < 1 || nodes < 2 || runs < 1 || applyRuns < 0) {
        throw new UsageException(
            "--steps and --runs must be at least 1, --nodes at least 2, --apply-runs at least 0");
      }
      System.out.println(
          Json.write(EngineBench.run(common.resolveHome().dir(), steps, nodes, runs, applyRuns)));
      return 0;
    }
  }

  @Command(
      name = "switchover",
      mixinStandardHelpOptions = true,
      description = {
        "Planned switchovers of a real local PostgreSQL pair under the workload client: the",
        "longest write gap and the longest single operation of each, the operations clients",
        "saw fail, lost writes, two actives, and where the time went (PostgreSQL, commands on",
        "nodes, Baton's own work)."
      },
      footer = {
        "",
        "Examples:",
        "  baton bench switchover --runs 10",
        "  baton bench switchover --via pgbouncer --runs 10",
        "  baton bench switchover --via pgbouncer --transport ssh --runs 5"
      })
  static final class Switchover implements Callable<Integer> {

    @picocli.CommandLine.Mixin Common common;

    @Option(
        names = "--runs",
        defaultValue = "10",
        description = "Switchovers. Default: ${DEFAULT-VALUE}")
    int runs;

    @Option(
        names = "--via",
        defaultValue = "direct",
        description = {
          "How the client reaches the pair: direct (pgjdbc's multi-host URL), pgbouncer",
          "(held while the role changes) or haproxy. Default: ${DEFAULT-VALUE}"
        })
    String via;

    @Option(
        names = "--transport",
        defaultValue = "local",
        description = {
          "How Baton reaches the nodes: local, or ssh (the test kit's sshd on loopback; the",
          "same switchovers run locally first, and the ratio is printed). Default: ${DEFAULT-VALUE}"
        })
    String transport;

    @Override
    public Integer call() throws Exception {
      if (runs < 1) {
        throw new UsageException("--runs must be at least 1");
      }
      Via v;
      Reach r;
      try {
        v = Via.parse(via);
        r = Reach.parse(transport);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      Home home = scratch(common);
      try {
        System.out.println(
            Json.write(
                dev.baton.demo.bench.PgBenches.switchover(
                    home.dir(),
                    runs,
                    v,
                    r,
                    (t, ssh) ->
                        ssh == null
                            ? Drivers.forTopology(t, home)
                            : Drivers.forTopology(t, home, ssh))));
      } finally {
        Scratch.delete(home.dir());
      }
      return 0;
    }
  }

  @Command(
      name = "rolling-upgrade",
      mixinStandardHelpOptions = true,
      description = {
        "A real minor upgrade (15.8 to Debian's 15.x) of a local PostgreSQL pair under the",
        "workload client: total write unavailability, wall time, Baton's overhead."
      },
      footer = {"", "Example:", "  baton bench rolling-upgrade"})
  static final class RollingUpgrade implements Callable<Integer> {

    @picocli.CommandLine.Mixin Common common;

    @Override
    public Integer call() throws Exception {
      Home home = scratch(common);
      try {
        System.out.println(
            Json.write(
                dev.baton.demo.bench.PgBenches.rollingUpgrade(
                    home.dir(), t -> Drivers.forTopology(t, home))));
      } finally {
        Scratch.delete(home.dir());
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "major-upgrade",
      description = {
        "A real major upgrade of a local pair, PostgreSQL 15 to 17 by logical replication, behind",
        "PgBouncer under the workload client, then its rollback: each cutover's pause, the",
        "client's failed and longest operations, lost and unexpected writes, and the time to",
        "build the copy (--rows sets the data it copies first)."
      },
      footer = {"", "Example:", "  baton bench major-upgrade --from 15 --to 17 --rows 8000000"})
  static final class MajorUpgrade implements Callable<Integer> {

    @picocli.CommandLine.Mixin Common common;

    @Option(names = "--from", defaultValue = "15", description = "Default: ${DEFAULT-VALUE}")
    int from;

    @Option(names = "--to", defaultValue = "17", description = "Default: ${DEFAULT-VALUE}")
    int to;

    @Option(
        names = "--rows",
        defaultValue = "8000000",
        description = "Rows (about 120 bytes each) to copy first. Default: ${DEFAULT-VALUE}")
    long rows;

    @Override
    public Integer call() throws Exception {
      if (from != 15 || to != 17) {
        throw new UsageException(
            "bench major-upgrade runs 15 to 17: Debian's PostgreSQL 15 and the 17 build from"
                + " Maven Central are the two majors here");
      }
      if (rows < 0) {
        throw new UsageException("--rows must be 0 or more");
      }
      Home home = scratch(common);
      try {
        System.out.println(
            Json.write(
                dev.baton.demo.bench.PgBenches.majorUpgrade(
                    home.dir(), t -> Drivers.forTopology(t, home), rows)));
      } finally {
        Scratch.delete(home.dir());
      }
      return 0;
    }
  }

  @Command(
      name = "fleet",
      mixinStandardHelpOptions = true,
      description = {
        "A fleet of generated simulator systems in waves (1, 10%, rest) run by worker",
        "processes on a PostgreSQL journal (a local server), then by one worker on the SQLite",
        "journal: systems per minute, journal writes per second, each worker's peak heap."
      },
      footer = {"", "Example:", "  baton bench fleet --systems 10000 --workers 3"})
  static final class FleetRun implements Callable<Integer> {

    @picocli.CommandLine.Mixin Common common;

    @Option(
        names = "--systems",
        defaultValue = "10000",
        description = "Systems in the fleet. Default: ${DEFAULT-VALUE}")
    int systems;

    @Option(
        names = "--workers",
        defaultValue = "3",
        description = "Worker processes on the PostgreSQL journal. Default: ${DEFAULT-VALUE}")
    int workers;

    @Option(
        names = "--slots",
        defaultValue = "8",
        description = "Systems each worker runs at once. Default: ${DEFAULT-VALUE}")
    int slots;

    @Option(
        names = "--heap",
        defaultValue = "512m",
        description = "Each worker's heap limit (-Xmx). Default: ${DEFAULT-VALUE}")
    String heap;

    @Option(
        names = "--timeout-minutes",
        defaultValue = "120",
        description = "Stop each fleet's workers after this long. Default: ${DEFAULT-VALUE}")
    long timeoutMinutes;

    @Override
    public Integer call() throws Exception {
      if (systems < 1 || workers < 1 || slots < 1 || timeoutMinutes < 1) {
        throw new UsageException(
            "--systems, --workers, --slots and --timeout-minutes must be at least 1");
      }
      Home home = scratch(common);
      try {
        System.out.println(
            Json.write(
                dev.baton.demo.bench.FleetBench.run(
                    home.dir(),
                    new dev.baton.demo.bench.FleetBench.Settings(
                        systems,
                        workers,
                        slots,
                        java.time.Duration.ofMinutes(timeoutMinutes),
                        heap,
                        thisJar()))));
      } finally {
        Scratch.delete(home.dir());
      }
      return 0;
    }

    /** The jar this runs from: the workers are started from it too. */
    private static java.nio.file.Path thisJar() throws Exception {
      java.nio.file.Path code =
          java.nio.file.Path.of(
              BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!code.toString().endsWith(".jar")) {
        throw new UsageException("bench fleet runs from the demo jar: bin/baton bench fleet");
      }
      return code;
    }
  }

  /** A fresh directory under the home for one benchmark's journal and topology. */
  static Home scratch(Common common) throws java.io.IOException {
    java.nio.file.Path base = java.nio.file.Files.createDirectories(common.resolveHome().dir());
    return new Home(java.nio.file.Files.createTempDirectory(base, "bench-"));
  }
}
