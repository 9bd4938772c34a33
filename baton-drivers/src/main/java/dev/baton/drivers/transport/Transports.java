package dev.baton.drivers.transport;

import dev.baton.model.Node;
import dev.baton.model.Topology;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** One transport per node of a topology, opened on first use and shared across steps. */
public final class Transports implements AutoCloseable, Function<String, Transport> {

  private final Topology topology;
  private final Map<String, Transport> open = new HashMap<>();

  public Transports(Topology topology) {
    this.topology = topology;
  }

  /** Fails with a sentence for a transport this build cannot open. */
  public static void checkSupported(Topology t) {
    for (Node n : t.nodes()) {
      if (n.transport() != dev.baton.model.Transport.LOCAL) {
        throw new IllegalArgumentException(
            "node "
                + n.name()
                + " uses transport "
                + n.transport().name().toLowerCase()
                + ", which this build cannot open yet; use local");
      }
    }
  }

  @Override
  public synchronized Transport apply(String node) {
    return open.computeIfAbsent(node, n -> new LocalTransport());
  }

  @Override
  public synchronized void close() {
    open.values().forEach(Transport::close);
    open.clear();
  }
}
