package dev.baton.drivers.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.Scope;
import dev.baton.engine.TopologyIndex;
import dev.baton.facts.Facts;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.topology.TopologyLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A step's observation through a redirecting driver reads its scope, not the whole system. */
class RedirectingDriverTest {

  private static final String TOPOLOGY =
      """
      system: two-groups
      driver: sim
      roleModel: active-standby
      sides:
        - {name: A, order: 1}
        - {name: B, order: 2}
      nodes:
        - {name: n-a, side: A, transport: local}
        - {name: n-b, side: B, transport: local}
      components:
        - {name: app-a, node: n-a, kind: app, version: "1.0", roleGroup: app, role: active}
        - {name: app-b, node: n-b, kind: app, version: "1.0", roleGroup: app, role: standby}
        - {name: rep-a, node: n-a, kind: rep, version: "1.0", roleGroup: rep, role: active}
        - {name: rep-b, node: n-b, kind: rep, version: "1.0", roleGroup: rep, role: standby}
      entryPoints:
        - {name: app.internal, pointsAt: app-a, redirection: dns}
        - {name: rep.internal, pointsAt: rep-a, redirection: dns}
      sim: {}
      """;

  /** The scope each observation of the inner driver was given; null for a whole observation. */
  private final List<Scope> innerScopes = new ArrayList<>();

  /** The entry points whose redirector was asked where they point. */
  private final List<String> asked = new ArrayList<>();

  @Test
  void aScopedObservationPassesTheScopeInAndAsksOnlyItsEntryPoints() throws Exception {
    Topology t = TopologyLoader.parse(TOPOLOGY, "t.yaml").topology();
    Scope app = Scope.around(TopologyIndex.of(t), "app-a");

    Facts facts = driver().observe(t, app, List.of());

    assertEquals(1, innerScopes.size());
    assertSame(app, innerScopes.get(0));
    assertEquals(List.of("app.internal"), asked);
    assertEquals(Optional.of("app-a"), facts.pointsAt("app.internal"));
    assertEquals(Optional.empty(), facts.pointsAt("rep.internal"));
  }

  @Test
  void aWholeObservationAsksEveryEntryPoint() throws Exception {
    Topology t = TopologyLoader.parse(TOPOLOGY, "t.yaml").topology();

    Facts facts = driver().observe(t, List.of());

    assertEquals(1, innerScopes.size());
    assertEquals(null, innerScopes.get(0));
    assertEquals(List.of("app.internal", "rep.internal"), asked);
    assertEquals(Optional.of("rep-a"), facts.pointsAt("rep.internal"));
  }

  private RedirectingDriver driver() {
    return new RedirectingDriver(
        new Inner(), Map.of("app.internal", new Fixed(), "rep.internal", new Fixed()));
  }

  /** Records the scope it observes; reports nothing. */
  private final class Inner implements Driver {
    @Override
    public String name() {
      return "inner";
    }

    @Override
    public Set<Verb> verbs() {
      return Set.of();
    }

    @Override
    public Facts observe(Topology topology, Collection<String> keys) {
      innerScopes.add(null);
      return Facts.empty();
    }

    @Override
    public Facts observe(Topology topology, Scope scope, Collection<String> keys) {
      innerScopes.add(scope);
      return Facts.empty();
    }

    @Override
    public ActionResult act(Topology topology, Action action, String key) {
      throw new AssertionError("nothing is done here");
    }
  }

  /** Points where the topology declares, and records that it was asked. */
  private final class Fixed implements Redirector {
    @Override
    public Optional<String> pointsAt(EntryPoint ep) {
      asked.add(ep.name());
      return Optional.of(ep.pointsAt());
    }

    @Override
    public ActionResult redirect(EntryPoint ep, String to) {
      throw new AssertionError("nothing is redirected here");
    }

    @Override
    public boolean verify(EntryPoint ep, String to) {
      return false;
    }
  }
}
