package dev.baton.drivers.postgresql;

import dev.baton.model.Topology;
import dev.baton.topology.TopologyLoader;

/** Topologies of a pg-a/pg-b pair for unit tests, with extra properties on pg-b. */
final class PgTopologies {
  private PgTopologies() {}

  static Topology pair(String extraPropertiesOfB) throws Exception {
    return pair(extraPropertiesOfB, "15.8");
  }

  /** {@code versionOfB}: the version pg-b declares. */
  static Topology pair(String extraPropertiesOfB, String versionOfB) throws Exception {
    String yaml =
        """
        system: pg-pair
        driver: postgresql
        roleModel: primary-replica
        sides:
          - name: A
          - name: B
        nodes:
          - name: node-a
            side: A
            transport: local
          - name: node-b
            side: B
            transport: local
        components:
          - name: pg-a
            node: node-a
            kind: postgresql
            version: "15.8"
            roleGroup: pg
            role: primary
            properties:
              host: 10.0.0.1
              port: "5432"
              dataDir: /srv/a
          - name: pg-b
            node: node-b
            kind: postgresql
            version: "%s"
            roleGroup: pg
            role: replica
            properties:
              host: 10.0.0.2
              port: "5433"
              dataDir: /srv/b
        %s
        replication:
          - name: pg-stream
            from: pg-a
            to: pg-b
            kind: streaming
        """
            .formatted(versionOfB, extraPropertiesOfB.indent(6).stripTrailing());
    return TopologyLoader.parse(yaml, "pair.yaml").topology();
  }
}
