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

/** {@code baton switchover}: a planned role change onto the standby. */
@Command(
    mixinStandardHelpOptions = true,
    name = "switchover",
    description = {
      "Switch over to the standby: it becomes the primary, the primary its standby.",
      "The primary is fenced before the promote, the entry points follow, and the old primary"
          + " rejoins as a standby; the same guards as every run apply (synced, never two"
          + " actives). Same as apply --strategy switchover. When the member --to-node names is"
          + " already the primary, says so and exits 0."
    },
    footer = {"", "Example:", "  baton switchover pair.yaml --to-node pg-b --yes"})
public final class SwitchoverCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin RunOptions run;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Option(
      names = "--to-node",
      paramLabel = "NAME",
      description = "The member to make primary (default: the standby).",
      converter = OneLine.class)
  String toNode;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description = "A strategy option, e.g. --set maxLagBytes=1048576.",
      converter = OneLine.class)
  List<String> set = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Map<String, String> options =
        StrategyOptions.checked(
            Session.strategy("switchover"), new LinkedHashMap<>(FlagPairs.parse(set, "--set")));
    if (toNode != null) {
      options.put("to", toNode);
    }
    return OperationRun.runAndTell(common, topology, "switchover", new Goal(null, options), run);
  }
}
