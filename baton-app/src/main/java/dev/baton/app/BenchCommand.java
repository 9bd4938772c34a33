package dev.baton.app;

import dev.baton.app.bench.EngineBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "bench",
    description = "Benchmarks that print JSON figures (they assert nothing).",
    subcommands = {BenchCommand.Engine.class},
    footer = {"", "Example:", "  baton bench engine --steps 500 --nodes 1000 --runs 5"})
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
        "of a generated topology, and peak heap."
      },
      footer = {"", "Example:", "  baton bench engine --steps 500 --nodes 1000 --runs 5"})
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

    @Override
    public Integer call() throws Exception {
      if (steps < 1 || nodes < 2 || runs < 1) {
        throw new UsageException("--steps and --runs must be at least 1, --nodes at least 2");
      }
      System.out.println(
          Json.write(EngineBench.run(common.resolveHome().dir(), steps, nodes, runs)));
      return 0;
    }
  }
}
