package dev.baton.app.cli;

import dev.baton.app.output.Json;
import dev.baton.app.output.PlanJson;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Driver;
import dev.baton.engine.Preflight;
import dev.baton.facts.Facts;
import dev.baton.plan.Checklist;
import dev.baton.plan.Plan;
import dev.baton.strategy.Strategy;
import dev.baton.topology.LoadedTopology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code baton plan}: prints the plan as a checklist with its guards checked now. */
@Command(
    mixinStandardHelpOptions = true,
    name = "plan",
    description = {
      "Compile a topology and a goal into a plan and print it as a numbered checklist,",
      "with every guard checked against the system's current facts. Changes nothing."
    },
    footer = {
      "",
      "Example:",
      "  baton plan examples/takeover-sim.yaml --strategy takeover --to 2.0"
    })
public final class PlanCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin PlanOptions options;

  @Override
  public Integer call() throws Exception {
    LoadedTopology lt = Secrets.load(options.topology);
    try (Driver driver = Drivers.forReading(lt.topology(), common.home(HomeUse.READ))) {
      Facts facts = Session.observeOrWarn(driver, lt.topology());
      Strategy strategy = Session.strategy(options.strategy);
      Plan plan = Session.plan(strategy, lt, facts, options.goal(strategy));
      // What would stop the run before step 1 is said before the checklist.
      Preflight.Verdict before = Preflight.check(lt.topology(), plan, facts, java.util.Map.of());
      if (common.json()) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("preflight", before.sentence());
        json.putAll(PlanJson.of(plan, lt.topology(), facts));
        System.out.println(Json.write(json));
      } else {
        if (!before.sentence().isEmpty()) {
          System.out.println(before.sentence());
          System.out.println();
        }
        System.out.print(Checklist.render(plan, lt.topology(), facts));
        System.out.println();
        System.out.println(
            "fingerprint "
                + plan.fingerprint()
                + "; guards were checked against "
                + facts.all().size()
                + " facts observed through the "
                + lt.topology().driver()
                + " driver");
      }
      return before instanceof Preflight.Verdict.Refused ? 3 : 0;
    }
  }
}
