package dev.baton.drivers.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.Command;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.pack.Pack;
import dev.baton.pack.PackLoader;
import dev.baton.pack.ProbeKind;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every verb and probe of each pack, rendered for every component of a fixture topology, must equal
 * the reviewed golden file. Regenerate after an intended change with {@code
 * -Dbaton.golden.update=true} and review the diff.
 */
class PackGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/packs/golden");
  private static final boolean UPDATE = Boolean.getBoolean("baton.golden.update");

  /** The parameters the strategies pass, with values that look like what they pass. */
  private static final Map<String, String> PARAMS =
      Map.of(
          "label", "pre-upgrade-1",
          "version", "9.0.7.2",
          "master", "sso-node1",
          "from", "portal-db-a",
          "entries", "ccmp-dbb=127.0.0.1,ccmp-weba=10.0.1.10",
          "primary", "bes-b");

  @ParameterizedTest
  @CsvSource({
    "connected-backup, ../examples/connected-backup-mirrored.yaml",
    "copy-services-manager, ../examples/csm-pair.yaml",
    "ccmp, ../examples/ccmp-dual-side.yaml",
    "entsso, ../examples/entsso-cluster.yaml",
    "xosoft-bes, ../examples/bes-pair.yaml"
  })
  void renderingMatchesTheGoldenFile(String packName, String topologyFile) throws Exception {
    Pack pack = PackLoader.load(Path.of("../packs", packName + ".yaml"));
    Topology t = TopologyLoader.load(Path.of(topologyFile)).topology();
    String rendered = render(pack, t, topologyFile);

    assertFalse(rendered.contains("secret-value"), "a secret value never reaches a rendering");
    Path golden = GOLDEN.resolve(packName + ".txt");
    if (UPDATE) {
      Files.writeString(golden, rendered);
    }
    assertTrue(Files.exists(golden), golden + " is missing; run with -Dbaton.golden.update=true");
    assertEquals(Files.readString(golden), rendered, "rendering of " + packName + " changed");
  }

  static String render(Pack pack, Topology t, String topologyFile) {
    PackRenderer r = PackRenderer.forDisplay(pack);
    StringBuilder out = new StringBuilder();
    out.append("# Golden rendering of packs/")
        .append(pack.name())
        .append(".yaml (")
        .append(pack.product())
        .append(") for ")
        .append(topologyFile)
        .append(".\n")
        .append("# Commands follow the seed ")
        .append(pack.seed())
        .append("; each block names the section it comes from. Secrets show as ***.\n")
        .append("# Regenerate: mvn -B -o -q -pl baton-drivers -am verify -DskipITs")
        .append(" -Dtest=PackGoldenTest -Dsurefire.failIfNoSpecifiedTests=false")
        .append(" -Dbaton.golden.update=true\n");
    for (Component c : t.components()) {
      Pack.Kind k = pack.kind(c.kind());
      for (Verb v : k.verbs().keySet().stream().sorted().toList()) {
        block(out, t, r.action(t, action(v, c.name())), action(v, c.name()).toString());
      }
      for (ProbeKind p : k.probes().keySet().stream().sorted().toList()) {
        Command cmd = r.probe(t, c, p).orElseThrow();
        block(
            out,
            t,
            new PackRenderer.Rendered(c.node(), java.util.List.of(cmd), k.probes().get(p).source()),
            "probe " + p.label() + " " + c.name());
      }
    }
    for (ReplicationLink l : t.links()) {
      for (Verb v : new Verb[] {Verb.REMOVE_REPLICATION, Verb.REBUILD_REPLICATION}) {
        block(out, t, r.action(t, action(v, l.name())), action(v, l.name()).toString());
      }
    }
    for (EntryPoint ep : t.entryPoints()) {
      // DNS and load balancers are moved by Baton's own redirectors, not by a pack.
      if (!pack.redirect().containsKey(ep.redirection().label())) {
        continue;
      }
      Component other =
          t.components().stream()
              .filter(c -> !c.name().equals(ep.pointsAt()))
              .findFirst()
              .orElseThrow();
      Action a = Action.idempotent(Verb.REDIRECT, ep.name(), Map.of("to", other.name()));
      block(out, t, r.action(t, a), a.toString());
    }
    for (Node n : t.nodes()) {
      for (Verb v : pack.nodeVerbs().keySet().stream().sorted().toList()) {
        block(out, t, r.action(t, action(v, n.name())), action(v, n.name()).toString());
      }
    }
    return out.toString();
  }

  private static Action action(Verb v, String target) {
    Map<String, String> params = new TreeMap<>();
    v.params().forEach(p -> params.put(p, PARAMS.get(p)));
    return Action.once(v, target, params);
  }

  private static void block(StringBuilder out, Topology t, PackRenderer.Rendered r, String title) {
    String user = t.node(r.node()).map(Node::user).orElse(null);
    String login = user == null ? "baton" : user;
    out.append("\n== ")
        .append(title)
        .append("  (on ")
        .append(r.node())
        .append(" as ")
        .append(login)
        .append(")\n");
    out.append("source: ").append(r.source()).append('\n');
    for (Command c : r.commands()) {
      out.append("timeout: ").append(c.timeout().toSeconds()).append(" s\n");
      out.append("script: ").append(PackRenderer.script(c)).append('\n');
      out.append("exec:   ").append(PackRenderer.exec(c, login)).append('\n');
    }
  }
}
