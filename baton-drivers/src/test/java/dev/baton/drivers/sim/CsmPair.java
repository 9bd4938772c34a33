package dev.baton.drivers.sim;

import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.Redirection;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.model.Version;
import java.util.List;
import java.util.Map;

/** Seed 001's system, built by hand: an active/standby pair of Copy Services Manager servers. */
final class CsmPair {

  static final String A = "csm-a-server";
  static final String B = "csm-b-server";
  static final String LINK = "ha";
  static final String LINK_KEY = "ha";
  static final String ENTRY = "csm";

  private CsmPair() {}

  static Topology topology() {
    return topology(Map.of());
  }

  static Topology topology(Map<String, Object> sim) {
    return new Topology(
        "csm",
        "csm",
        "sim",
        "active-standby",
        List.of(new Side("A", 1), new Side("B", 2)),
        List.of(node("csm-a", "A"), node("csm-b", "B")),
        List.of(server(A, "csm-a", "active"), server(B, "csm-b", "standby")),
        List.of(new ReplicationLink(LINK, A, B, "ha", false, 1)),
        List.of(new EntryPoint(ENTRY, A, Redirection.DNS)),
        List.of(),
        sim);
  }

  private static Node node(String name, String side) {
    return new Node(name, side, Transport.LOCAL, "127.0.0.1", 22, "baton");
  }

  private static Component server(String name, String node, String role) {
    return new Component(
        name, node, "csm-server", Version.parse("6.3.0"), "csm", role, 1, Map.of());
  }
}
