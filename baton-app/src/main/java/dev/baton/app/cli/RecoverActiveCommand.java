package dev.baton.app.cli;

import dev.baton.plan.Goal;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton recover-active}: forces a member active, fencing the other. */
@Command(
    mixinStandardHelpOptions = true,
    name = "recover-active",
    description = {
      "Force a member active without synchronising it, fencing the other. Shows which side",
      "holds the newer data and refuses (exit 3) unless --override recover-active=REASON."
    },
    footer = {
      "",
      "Example:",
      "  baton recover-active pair.yaml --make node-b --override recover-active='A lost its disk'"
    })
public final class RecoverActiveCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin RunOptions run;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Option(
      names = "--make",
      required = true,
      paramLabel = "NODE",
      description = "The node (or component) to make active.",
      converter = OneLine.class)
  String make;

  @Override
  public Integer call() throws Exception {
    return OperationRun.runAndTell(
        common, topology, "recover-active", new Goal(null, Map.of("make", make)), run);
  }
}
