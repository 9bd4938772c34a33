package dev.baton.app.cli;

import dev.baton.plan.Goal;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton bookmark}: sets a named restore point to rewind to later. */
@Command(
    mixinStandardHelpOptions = true,
    name = "bookmark",
    description = {
      "Set a named restore point on the primary to rewind to later (a base backup first",
      "if there is none). Its LSN and time are journaled; list them with `baton bookmarks`."
    },
    footer = {"", "Example:", "  baton bookmark pair.yaml before-import"})
public final class BookmarkCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin RunOptions run;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Parameters(
      index = "1",
      paramLabel = "NAME",
      description = "The bookmark's name.",
      converter = OneLine.class)
  String name;

  @Override
  public Integer call() throws Exception {
    return OperationRun.runAndTell(
        common, topology, "bookmark", new Goal(null, Map.of("name", name)), run);
  }
}
