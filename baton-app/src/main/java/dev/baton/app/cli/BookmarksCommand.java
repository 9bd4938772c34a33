package dev.baton.app.cli;

import dev.baton.app.output.Json;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton bookmarks}: lists a system's bookmarks from the journal. */
@Command(
    mixinStandardHelpOptions = true,
    name = "bookmarks",
    description = "List the bookmarks of a system from the journal, newest first.",
    footer = {"", "Example:", "  baton bookmarks pair.yaml"})
public final class BookmarksCommand implements Callable<Integer> {

  @Mixin Common common;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Override
  public Integer call() throws Exception {
    String system = Secrets.load(topology).topology().system();
    try (Session session = Session.open(common.resolveHome(), HomeUse.READ)) {
      List<BookmarkLog.Bookmark> marks = BookmarkLog.of(session.journal(), system);
      if (common.json()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BookmarkLog.Bookmark b : marks) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", b.name());
          m.put("component", b.component());
          m.put("lsn", b.lsn());
          m.put("time", b.time());
          m.put("timeline", b.timeline());
          m.put("run", b.runId());
          rows.add(m);
        }
        System.out.println(Json.write(rows));
        return 0;
      }
      if (marks.isEmpty()) {
        System.out.println(system + " has no bookmarks; set one with `baton bookmark`");
      }
      for (BookmarkLog.Bookmark b : marks) {
        System.out.printf(
            "%-24s %-12s %-14s timeline %-3s %s (run %s)%n",
            b.name(), b.component(), b.lsn(), b.timeline(), b.time(), b.runId());
      }
      return 0;
    }
  }
}
