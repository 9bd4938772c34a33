package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import dev.baton.plan.Goal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton rewind}: rewinds the system to a bookmark. */
@Command(
    mixinStandardHelpOptions = true,
    name = "rewind",
    description = {
      "Rewind the system to a bookmark: recover a copy from a base backup and the WAL archive",
      "up to the bookmark, verify it, then (after a gate naming the data that will be lost)",
      "make it the primary and rebuild the standby. The old data directories are kept aside."
    },
    footer = {"", "Example:", "  baton rewind pair.yaml --to before-import"})
public final class RewindCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin RunOptions run;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "BOOKMARK",
      description = "The bookmark to rewind to.",
      converter = OneLine.class)
  String bookmark;

  @Override
  public Integer call() throws Exception {
    String system = Secrets.load(topology).topology().system();
    BookmarkLog.Bookmark b;
    try (Session session = Session.open(common.resolveHome(), HomeUse.READ)) {
      b =
          BookmarkLog.named(session.journal(), system, bookmark)
              .orElseThrow(
                  () ->
                      new UsageException(
                          system
                              + " has no bookmark named "
                              + bookmark
                              + " in the journal; see `baton bookmarks`"));
    }
    Map<String, String> options = new LinkedHashMap<>();
    options.put("bookmark", b.name());
    options.put("bookmarkLsn", b.lsn());
    options.put("bookmarkTime", b.time());
    return OperationRun.runAndTell(common, topology, "rewind", new Goal(null, options), run);
  }
}
