package dev.baton.app.cli;

import dev.baton.app.output.Json;
import dev.baton.app.output.Visible;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.PropertyRules;
import dev.baton.app.wiring.Secrets;
import dev.baton.engine.CheckLine;
import dev.baton.engine.Driver;
import dev.baton.topology.LoadedTopology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton check}: every property of a topology against the live servers. */
@Command(
    mixinStandardHelpOptions = true,
    name = "check",
    description = "Check a topology against the live servers, one line per finding with its fix.",
    footer = {
      "",
      "Each line is ok, warn (holds now; something later needs more) or problem.",
      "Exit codes: 0 when nothing is a problem, 3 when something is, 2 on bad input.",
      "plan runs the same checks; apply and the operations refuse to start a run when the",
      "topology contradicts the servers (a wrong dataDir, port, osUser or bin directory).",
      "",
      "Example:",
      "  baton check examples/postgresql-pair.yaml"
    })
public final class CheckCommand implements Callable<Integer> {

  @Mixin Common common;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path file;

  @Override
  public Integer call() throws Exception {
    LoadedTopology lt = Secrets.load(file);
    PropertyRules.check(lt);
    List<CheckLine> lines;
    try (Driver driver = Drivers.forReading(lt.topology(), common.home(HomeUse.READ))) {
      lines = driver.check(lt.topology());
    }
    long problems = lines.stream().filter(CheckLine::isProblem).count();
    if (common.json()) {
      List<Object> out = new ArrayList<>();
      for (CheckLine l : lines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", l.level().name().toLowerCase());
        m.put("cause", l.cause().name().toLowerCase());
        m.put("subject", l.subject());
        m.put("finding", l.finding());
        m.put("fix", l.fix());
        out.add(m);
      }
      System.out.println(Json.write(Map.of("lines", out, "problems", problems)));
    } else {
      System.out.print(render(lt.topology().driver(), lines));
    }
    return problems > 0 ? 3 : 0;
  }

  /** The lines, then one sentence that sums them up. */
  static String render(String driver, List<CheckLine> lines) {
    if (lines.isEmpty()) {
      return "the " + driver + " driver has nothing to check against live servers\n";
    }
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(Visible.text(l.toString())).append('\n'));
    out.append(summary(lines)).append('\n');
    return out.toString();
  }

  static String summary(List<CheckLine> lines) {
    long problems = lines.stream().filter(CheckLine::isProblem).count();
    long warnings = lines.stream().filter(l -> l.level() == CheckLine.Level.WARN).count();
    String w = warnings == 0 ? "" : warnings == 1 ? ", 1 warning" : ", " + warnings + " warnings";
    if (problems == 0) {
      return "all " + lines.size() + " checks hold" + w;
    }
    return (problems == 1 ? "1 problem" : problems + " problems")
        + w
        + " in "
        + lines.size()
        + " checks";
  }
}
