package dev.baton.app.cli;

import dev.baton.app.output.Json;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.PropertyRules;
import dev.baton.app.wiring.Secrets;
import dev.baton.engine.Driver;
import dev.baton.facts.Fact;
import dev.baton.facts.Facts;
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

/** {@code baton observe}: prints the facts observed on a system now. */
@Command(
    mixinStandardHelpOptions = true,
    name = "observe",
    description = "Print the facts Baton observes on a system now, each with its source and time.",
    footer = {"", "Example:", "  baton observe examples/takeover-sim.yaml --output json"})
public final class ObserveCommand implements Callable<Integer> {

  @Mixin Common common;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path file;

  @Override
  public Integer call() throws Exception {
    LoadedTopology lt = Secrets.load(file);
    PropertyRules.check(lt);
    try (Driver driver = Drivers.forReading(lt.topology(), common.home(HomeUse.READ))) {
      Facts facts = driver.observe(lt.topology(), List.of());
      if (common.json()) {
        List<Object> out = new ArrayList<>();
        for (Fact f : facts.all()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("fact", f.key());
          m.put("value", String.valueOf(f.value()).toLowerCase(java.util.Locale.ROOT));
          m.put("source", f.source());
          m.put("at", f.at());
          out.add(m);
        }
        System.out.println(Json.write(out));
      } else {
        for (Fact f : facts.all()) {
          System.out.printf("%-48s %-10s %s%n", f, f.source(), f.at());
        }
      }
      return 0;
    }
  }
}
