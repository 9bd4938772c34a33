package dev.baton.drivers.pack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.pack.Pack;
import dev.baton.pack.Packs;
import dev.baton.plan.Action;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.Strategies;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every action a strategy plans for a seed example, and every undo, is one the example's pack can
 * render into PowerShell: a plan never asks a Windows host for something its pack cannot do.
 */
class PackCoversPlansTest {

  // Moved by Baton's redirectors (DNS, HAProxy, hosts file, connection string), not by a pack.
  private static final Set<Verb> REDIRECTOR_VERBS = Set.of(Verb.ENTRY_PREPARE, Verb.ENTRY_SETTLE);

  @ParameterizedTest(name = "{1} on {0}")
  @CsvSource({
    "connected-backup-standalone.yaml, primary-first, 9.0.7.2",
    "connected-backup-mirrored.yaml,   primary-first, 9.0.7.2",
    "connected-backup-cluster.yaml,    primary-first, 9.0.7.2",
    "connected-backup-standalone.yaml, full-stop,     9.0.7.2",
    "csm-pair.yaml,                    takeover,      6.3.1",
    "ccmp-dual-side.yaml,              split-side,    8.5.1",
    "ccmp-dual-side.yaml,              full-stop,     8.5.1",
    "entsso-cluster.yaml,              uncluster,     4.0.2",
    "bes-pair.yaml,                    switchover,    4.1.6",
  })
  void thePackRendersEveryActionOfThePlan(String example, String strategy, String to)
      throws Exception {
    Packs packs = new Packs(Path.of("..", "packs"));
    Topology t =
        packs.withTerms(TopologyLoader.load(Path.of("..", "examples", example)).topology());
    Pack pack = packs.load(t.pack());
    Plan plan = Strategies.named(strategy).orElseThrow().plan(t, Facts.empty(), Goal.upgradeTo(to));
    PackRenderer renderer = PackRenderer.forDisplay(pack);
    List<String> missing = new ArrayList<>();
    int rendered = 0;
    for (Step s : plan.steps()) {
      List<Action> actions = new ArrayList<>(List.of(s.action()));
      if (s.undo() != null) {
        actions.add(s.undo());
      }
      for (Action a : actions) {
        if (REDIRECTOR_VERBS.contains(a.verb()) || isRedirectorEntryPoint(t, pack, a)) {
          continue;
        }
        try {
          PackRenderer.Rendered r = renderer.action(t, a);
          assertFalse(r.commands().isEmpty(), a + " renders no command");
          rendered++;
        } catch (RuntimeException e) {
          missing.add(s.id() + ": " + a + ": " + e.getMessage());
        }
      }
    }
    assertTrue(missing.isEmpty(), "pack " + pack.name() + " cannot render:\n" + missing);
    assertTrue(rendered > 0);
  }

  private static boolean isRedirectorEntryPoint(Topology t, Pack pack, Action a) {
    return a.verb() == Verb.REDIRECT
        && t.entryPoints().stream()
            .anyMatch(
                ep ->
                    ep.name().equals(a.target())
                        && !pack.redirect().containsKey(ep.redirection().label()));
  }
}
