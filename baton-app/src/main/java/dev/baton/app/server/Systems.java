package dev.baton.app.server;

import dev.baton.app.wiring.Secrets;
import dev.baton.engine.Redactor;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topologies the console may plan and start runs on, by system name, loaded once at start. A
 * run started elsewhere on another system is still shown: its topology comes from the journal.
 */
final class Systems {

  private final Map<String, LoadedTopology> bySystem;

  private Systems(Map<String, LoadedTopology> bySystem) {
    this.bySystem = bySystem;
  }

  static Systems load(List<Path> files) throws BadInputException {
    Map<String, LoadedTopology> m = new LinkedHashMap<>();
    for (Path f : files) {
      LoadedTopology lt = TopologyLoader.load(f);
      LoadedTopology before = m.putIfAbsent(lt.topology().system(), lt);
      if (before != null) {
        throw new IllegalArgumentException(
            f + " and " + before.source() + " both describe system " + lt.topology().system());
      }
    }
    return new Systems(m);
  }

  Optional<LoadedTopology> get(String system) {
    return Optional.ofNullable(bySystem.get(system));
  }

  LoadedTopology require(String system) {
    return get(system)
        .orElseThrow(
            () ->
                ApiError.notFound(
                    "the console has no topology for system "
                        + system
                        + "; start it with --topology FILE"));
  }

  Collection<LoadedTopology> all() {
    return bySystem.values();
  }

  Redactor redactor(String system) {
    return get(system).map(lt -> Secrets.redactorFor(lt.topology())).orElse(Redactor.none());
  }
}
