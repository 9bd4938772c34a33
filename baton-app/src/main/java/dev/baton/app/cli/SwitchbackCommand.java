package dev.baton.app.cli;

import dev.baton.app.wiring.Session;
import dev.baton.plan.Goal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton switchback}: switches over back to the original primary. */
@Command(
    mixinStandardHelpOptions = true,
    name = "switchback",
    description = {
      "Switch over back to the original primary (declared `role: primary`, or --to-node).",
      "--set reverse=auto (default) rejoins the other as a standby; reverse=manual leaves it",
      "stopped and fenced and says how to rejoin it. Same as apply --strategy switchback."
    },
    footer = {"", "Example:", "  baton switchback pair.yaml --set reverse=manual --yes"})
public final class SwitchbackCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin RunOptions run;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Option(
      names = "--to-node",
      paramLabel = "NAME",
      description = "The member to make primary.",
      converter = OneLine.class)
  String toNode;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description = "e.g. --set reverse=manual",
      converter = OneLine.class)
  List<String> set = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Map<String, String> options =
        StrategyOptions.checked(
            Session.strategy("switchback"), new LinkedHashMap<>(FlagPairs.parse(set, "--set")));
    if (toNode != null) {
      options.put("to", toNode);
    }
    return OperationRun.runAndTell(common, topology, "switchback", new Goal(null, options), run);
  }
}
