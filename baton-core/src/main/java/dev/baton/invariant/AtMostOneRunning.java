package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Components that share the property {@code exclusiveService: <group>} never run at once. Seed 004:
 * when the master's and the replica's BlackBerry services are both connected, the relay disables
 * the site's SRP key. Before a step that starts a member, every other member must be observed
 * stopped; one whose state is unknown (its node does not answer) counts as possibly running.
 */
public record AtMostOneRunning() implements Invariant {

  /** The component property naming the exclusive group. */
  public static final String PROPERTY = "exclusiveService";

  @Override
  public String name() {
    return "at-most-one-running";
  }

  @Override
  public String describe() {
    return "at most one running member per exclusive service (" + PROPERTY + ")";
  }

  @Override
  public Optional<String> violation(Topology topology, Facts facts, Step next) {
    for (Map.Entry<String, List<Component>> g : groups(topology).entrySet()) {
      List<String> running =
          g.getValue().stream()
              .map(Component::name)
              .filter(c -> facts.service(c).orElse(null) == ServiceState.RUNNING)
              .toList();
      if (running.size() > 1) {
        return Optional.of(
            "exclusive service "
                + g.getKey()
                + " runs on "
                + running.size()
                + " components ("
                + String.join(", ", running)
                + "); at most one may run");
      }
      if (next != null && starts(next, g.getValue())) {
        Optional<String> refusal = refuseStart(g.getKey(), g.getValue(), next, facts);
        if (refusal.isPresent()) {
          return refusal;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean starts(Step next, List<Component> members) {
    String target = next.action().target();
    return next.action().verb().startsService()
        && members.stream().anyMatch(c -> c.name().equals(target));
  }

  private static Optional<String> refuseStart(
      String group, List<Component> members, Step next, Facts facts) {
    String target = next.action().target();
    for (Component other : members) {
      if (other.name().equals(target)) {
        continue;
      }
      Optional<ServiceState> state = facts.service(other.name());
      if (state.isEmpty() || state.get() == ServiceState.RUNNING) {
        return Optional.of(
            next.id()
                + " would run the exclusive service "
                + group
                + " on "
                + target
                + " while "
                + other.name()
                + (state.isEmpty() ? " may be running (its state is unknown)" : " is running")
                + "; stop "
                + other.name()
                + " first");
      }
    }
    return Optional.empty();
  }

  private static Map<String, List<Component>> groups(Topology topology) {
    Map<String, List<Component>> out = new LinkedHashMap<>();
    for (Component c : topology.components()) {
      String g = c.properties().get(PROPERTY);
      if (g != null && !g.isBlank()) {
        out.computeIfAbsent(g, k -> new ArrayList<>()).add(c);
      }
    }
    return out;
  }
}
