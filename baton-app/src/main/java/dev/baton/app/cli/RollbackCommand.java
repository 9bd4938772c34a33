package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Session;
import dev.baton.engine.RunRecord;
import dev.baton.plan.Goal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton rollback RUN}: the way back from a major upgrade. */
@Command(
    mixinStandardHelpOptions = true,
    name = "rollback",
    description = {
      "Move the clients back to the old major after a major-upgrade run.",
      "The same cutover in reverse, onto the old primary that followed the new one by logical replication, with the sequences carried back; nothing written on the new major is lost. Possible until the old pair is retired (strategy major-retire). Same as apply --strategy major-rollback on the run's topology file."
    },
    footer = {"", "Example:", "  baton rollback r-20261204-061500-a1b2 --yes"})
public final class RollbackCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin RunOptions run;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "The major-upgrade run to go back from.",
      converter = OneLine.class)
  String runId;

  @Override
  public Integer call() throws Exception {
    RunRecord upgrade;
    try (Session session = Session.open(common.resolveHome(), HomeUse.UPDATE)) {
      upgrade = session.run(runId);
    }
    if (!upgrade.strategy().equals("major-upgrade")) {
      throw new UsageException(
          runId
              + " is a "
              + upgrade.strategy()
              + " run; rollback goes back from a major-upgrade run (for a switchover, use"
              + " switchback)");
    }
    Path topology = Path.of(upgrade.topologySource());
    if (!Files.isRegularFile(topology)) {
      throw new UsageException(
          runId
              + " ran on "
              + topology
              + ", which is not there any more; run apply --strategy major-rollback on the"
              + " system's topology file");
    }
    Map<String, String> options = new LinkedHashMap<>();
    String target = upgrade.options().get("target");
    if (target != null) {
      options.put("target", target);
    }
    String source = upgrade.options().get("source");
    if (source != null) {
      options.put("old", source);
    }
    return OperationRun.runAndTell(
        common, topology, "major-rollback", new Goal(null, options), run);
  }
}
