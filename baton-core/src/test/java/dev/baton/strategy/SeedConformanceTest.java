package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.pack.Packs;
import dev.baton.plan.Checklist;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.testing.Golden;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For each seed system, the plan built from its example topology matches a golden checklist taken
 * from the seed document: step order, targets, gates and points of no return. Each golden file's
 * header names the seed file and the sections it follows. Rewrite the goldens with {@code
 * -Dbaton.golden.update=true} and review the diff.
 */
class SeedConformanceTest {

  private static final String SEED_000 = "000_b7d87a4d735e7295.txt";
  private static final String SEED_001 = "001_f16d720a85dab1b8.txt";
  private static final String SEED_002 = "002_2ff85bcac0d20fee.txt";
  private static final String SEED_003 = "003_e3b5af8d322a2a77.txt";

  private static final Map<String, List<String>> HEADERS =
      Map.of(
          "takeover-csm-pair.txt",
          List.of(
              "# Golden checklist: takeover on examples/csm-pair.yaml, to 6.3.1.",
              "# Follows seed " + SEED_001 + ": \"Before you begin\" (takeover on the standby,",
              "# same level on both servers; a backup to restore from), \"Procedure\" steps 1-11",
              "# (1 preflight, 2-3 takeover and standby mode, 4-7 upgrade, 8 restarted at the new",
              "# level, 9 take back over and validate, its note: shut the secondary down while",
              "# validating, 10 upgrade the secondary, 11 re-establish HA), the note that port",
              "# assignments are kept, and \"Results\". Lines starting with # are not compared."),
          "primary-first-mirrored.txt",
          List.of(
              "# Golden checklist: primary-first on examples/connected-backup-mirrored.yaml, to",
              "# 9.0.7.2. Follows seed " + SEED_000 + ": \"How the Upgrade Process Affects",
              "# Users\" (mirrored: the primary before the secondary, the other server keeps",
              "# serving), \"Review Upgrade Guidelines and Recommendations\" (free space),",
              "# \"Verify Data Integrity\", \"Upgrade the Data Center\", \"Stop Data Center Services\",",
              "# \"Redirect Web Services Applications to Another Server\", \"Back Up the SQL",
              "# Databases\" (no warnings), \"Perform the Data Center Upgrade\", \"Start the Upgraded",
              "# Data Center\" and \"Upgrade the Data Center on Secondary Servers\".",
              "# Lines starting with # are not compared."),
          "primary-first-standalone.txt",
          List.of(
              "# Golden checklist: primary-first on examples/connected-backup-standalone.yaml, to",
              "# 9.0.7.2. Follows seed " + SEED_000 + ": \"How the Upgrade Process Affects",
              "# Users\" (stand-alone: an outage to schedule), \"Review Upgrade Guidelines and",
              "# Recommendations\" (free space), \"Verify Data Integrity\", \"Stop Data Center",
              "# Services\", \"Back Up the SQL Databases\" (stand-alone; no warnings), \"Perform the",
              "# Data Center Upgrade\" and \"Start the Upgraded Data Center\".",
              "# Lines starting with # are not compared."));

  private static Topology example(String name) throws Exception {
    Topology t = TopologyLoader.load(Path.of("..", "examples", name)).topology();
    return new Packs(Path.of("..", "packs")).withTerms(t);
  }

  /**
   * What planning sees on a healthy system: the ports the simulator reports, taken from the
   * example's {@code sim.ports}, so that the checks of seed 001's port note are part of the plan.
   */
  private static Facts observedPorts(Topology t) {
    Facts.Builder f = Facts.builder("golden", Instant.EPOCH);
    if (t.sim().get("ports") instanceof Map<?, ?> ports) {
      ports.forEach((c, p) -> f.add(FactKind.PROPERTY, c + ".ports", String.valueOf(p)));
    }
    return f.build();
  }

  @ParameterizedTest(name = "{1} on {0} matches {3}")
  @CsvSource({
    "csm-pair.yaml,                    takeover,      6.3.1,   takeover-csm-pair.txt,        "
        + SEED_001,
    "connected-backup-standalone.yaml, primary-first, 9.0.7.2, primary-first-standalone.txt, "
        + SEED_000,
    "connected-backup-mirrored.yaml,   primary-first, 9.0.7.2, primary-first-mirrored.txt,   "
        + SEED_000,
    "connected-backup-cluster.yaml,    primary-first, 9.0.7.2, primary-first-cluster.txt,    "
        + SEED_000,
    "ccmp-dual-side.yaml,              split-side,    8.5.1,   split-side-ccmp.txt,          "
        + SEED_002,
    "ccmp-dual-side.yaml,              full-stop,     8.5.1,   full-stop-ccmp.txt,           "
        + SEED_002,
    "entsso-cluster.yaml,              uncluster,     4.0.2,   uncluster-entsso.txt,         "
        + SEED_003,
  })
  void thePlanOfTheExampleMatchesTheGoldenChecklistFromTheSeed(
      String example, String strategy, String to, String golden, String seed) throws Exception {
    Topology t = example(example);
    Plan plan =
        Strategies.named(strategy).orElseThrow().plan(t, observedPorts(t), Goal.upgradeTo(to));

    Golden.check(golden, HEADERS.getOrDefault(golden, List.of()), Checklist.render(plan, t));

    String header = String.join("\n", Golden.header(Golden.path(golden)));
    assertTrue(header.contains(seed), golden + " does not cite " + seed);
    assertTrue(
        Pattern.compile("\"[^\"\\s][^\"]+\"").matcher(header).find(),
        golden + " names no section of " + seed);
  }
}
