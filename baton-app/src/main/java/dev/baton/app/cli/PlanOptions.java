package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.strategy.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The topology, strategy and goal that {@code plan} and {@code apply} share. */
final class PlanOptions {

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Option(
      names = {"-s", "--strategy"},
      required = true,
      paramLabel = "NAME",
      description = "takeover or full-stop",
      converter = OneLine.class)
  String strategy;

  @Option(
      names = "--to",
      paramLabel = "VERSION",
      description = "Target version, e.g. 2.0",
      converter = OneLine.class)
  String to;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description =
          "Strategy option, e.g. --set maxLagBytes=1048576; an unknown one is refused with the"
              + " options the strategy knows",
      converter = OneLine.class)
  List<String> set = new ArrayList<>();

  /** The goal, with {@code --set} checked against the options {@code strategy} declares. */
  Goal goal(Strategy strategy) throws UsageException {
    Version v = null;
    if (to != null) {
      try {
        v = Version.parse(to);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--to: " + e.getMessage());
      }
    }
    return new Goal(v, StrategyOptions.checked(strategy, FlagPairs.parse(set, "--set")));
  }
}
