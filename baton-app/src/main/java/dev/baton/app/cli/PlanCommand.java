package dev.baton.app.cli;

import dev.baton.app.output.Json;
import dev.baton.app.output.PlanJson;
import dev.baton.app.output.Visible;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.PropertyRules;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import dev.baton.engine.CheckLine;
import dev.baton.engine.Driver;
import dev.baton.engine.Engine;
import dev.baton.engine.Preflight;
import dev.baton.facts.Facts;
import dev.baton.plan.Checklist;
import dev.baton.plan.Plan;
import dev.baton.strategy.Strategy;
import dev.baton.topology.LoadedTopology;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code baton plan}: prints the plan as a checklist with its guards checked now. */
@Command(
    mixinStandardHelpOptions = true,
    name = "plan",
    description = {
      "Print the plan for a goal as a numbered checklist.",
      "Every guard is checked against the system's current facts, and the plan ends with the steps that would be refused now. Changes nothing. Exit 0 when nothing would be refused, 3 when something would."
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
    PropertyRules.check(lt);
    try (Driver driver = Drivers.forReading(lt.topology(), common.home(HomeUse.READ))) {
      // The same live checks as baton check: a plan on a topology the servers contradict is no
      // gate.
      List<CheckLine> checks = driver.check(lt.topology());
      List<CheckLine> problems = checks.stream().filter(CheckLine::isProblem).toList();
      Facts facts = Session.observeOrWarn(driver, lt.topology());
      Strategy strategy = Session.strategy(options.strategy);
      Plan plan = Session.plan(strategy, lt, facts, options.goal(strategy));
      // What would stop the run before step 1 is said before the checklist.
      Preflight.Verdict before = Preflight.check(lt.topology(), plan, facts, java.util.Map.of());
      List<Checklist.Refusal> refused = Checklist.refusedNow(plan, lt.topology(), facts);
      // A step the driver cannot carry out stops the run before step 1, as apply would.
      Optional<String> unsupported = Engine.unsupported(driver, lt.topology(), plan);
      if (common.json()) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("preflight", before.sentence());
        json.put("refusedNow", refused.stream().map(Checklist.Refusal::toString).toList());
        unsupported.ifPresent(u -> json.put("unsupported", u));
        json.put("checkProblems", problems.stream().map(CheckLine::toString).toList());
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
        unsupported.ifPresent(u -> System.out.println("refused before step 1: " + u));
        System.out.println(summary(refused));
        if (!problems.isEmpty()) {
          System.out.println(
              "baton check finds "
                  + CheckCommand.summary(checks)
                  + " (apply refuses to start on those in the topology; the plan's guards judge"
                  + " the others):");
          problems.forEach(p -> System.out.println("  " + Visible.text(p.toString())));
        }
      }
      return before instanceof Preflight.Verdict.Refused
              || !CheckLine.topologyProblems(checks).isEmpty()
              || unsupported.isPresent()
              || !refused.isEmpty()
          ? 3
          : 0;
    }
  }

  /** The plan's last line: what would stop it now, so that a script can use plan as a gate. */
  static String summary(List<Checklist.Refusal> refused) {
    long steps = refused.stream().mapToInt(Checklist.Refusal::step).distinct().count();
    if (refused.isEmpty()) {
      return "no step would be refused now (later steps are checked when they run)";
    }
    StringBuilder out = new StringBuilder();
    out.append(steps == 1 ? "1 step" : steps + " steps").append(" would be refused now:");
    refused.stream()
        .map(Checklist.Refusal::toString)
        .distinct()
        .forEach(r -> out.append("\n  ").append(r));
    return out.toString();
  }
}
