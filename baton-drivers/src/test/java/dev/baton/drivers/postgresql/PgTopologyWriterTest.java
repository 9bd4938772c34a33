package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.model.Component;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PgTopologyWriterTest {

  private static PgDiscovery.Found found(int port, boolean primary, String dir) {
    return new PgDiscovery.Found(
        "127.0.0.1",
        port,
        Map.of(
            "recovery", Boolean.toString(!primary),
            "version", "15.18 (Debian 15.18-0+deb12u1)",
            "data_directory", dir,
            "socket_dirs", "/var/run/postgresql",
            "archive_mode", "off",
            "synchronous_standby_names", ""),
        primary ? Map.of() : Map.of("slot_name", "standby_1"),
        primary
            ? List.of(
                Map.of(
                    "application_name", "walreceiver", "state", "streaming", "sync_state", "async"))
            : List.of(),
        primary
            ? List.of(Map.of("slot_name", "standby_1", "slot_type", "physical", "active", "true"))
            : List.of(),
        "postgres",
        "/usr/lib/postgresql/15/bin");
  }

  private static PgDiscovery.Found remote(String host, boolean primary) {
    PgDiscovery.Found f = found(5432, primary, "/var/lib/postgresql/15/main");
    return new PgDiscovery.Found(
        host, 5432, f.settings(), f.receiver(), f.replicas(), f.slots(), f.osUser(), f.binDir());
  }

  /** The example in the docs is what discover writes for two Debian servers over SSH. */
  @Test
  void theExampleIsWhatDiscoverWrites() throws Exception {
    PgDiscovery.Request req =
        new PgDiscovery.Request(
            "db1.example.com",
            5432,
            "postgres",
            "postgres",
            Optional.empty(),
            Optional.empty(),
            Optional.of(new PgDiscovery.SshLogin("root", 22)));
    String yaml =
        new PgTopologyWriter("pg-pair", req, Optional.of("file:/etc/baton/pg-password"))
            .write(remote("db1.example.com", true), remote("db2.example.com", false));
    java.nio.file.Files.writeString(java.nio.file.Path.of("target/discovered-example.yaml"), yaml);
    java.nio.file.Path example = java.nio.file.Path.of("../examples/postgresql-pair.yaml");
    String expected = java.nio.file.Files.readString(example);
    assertEquals(withoutDate(expected), withoutDate(yaml));
    TopologyLoader.parse(expected, example.toString());
  }

  private static String withoutDate(String yaml) {
    return yaml.replaceFirst("# on \\S+ through", "# on DATE through");
  }

  @Test
  void theDiscoveredPairIsATopologyThatValidatesWithWhatWasFound() throws Exception {
    PgDiscovery.Request req =
        new PgDiscovery.Request(
            "127.0.0.1",
            5432,
            "postgres",
            "postgres",
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    String yaml =
        new PgTopologyWriter("pg-pair", req, Optional.of("env:PGPASSWORD"))
            .write(
                found(5432, true, "/var/lib/postgresql/15/main"), found(5433, false, "/srv/pg/b"));
    LoadedTopology lt = TopologyLoader.parse(yaml, "discovered.yaml");
    Component b = lt.topology().requireComponent("pg-b");
    assertEquals("walreceiver", b.properties().get("applicationName"));
    assertEquals("/srv/pg/b", b.properties().get("dataDir"));
    assertEquals("5433", b.properties().get("port"));
    assertEquals("/usr/lib/postgresql/15/bin", b.properties().get("bin.15.18"));
    assertEquals("pg-password", b.properties().get("passwordSecret"));
    assertEquals("env:PGPASSWORD", lt.topology().secrets().get(0).toString());
    assertEquals("15.18", b.version().text());
    assertTrue(yaml.contains("# DECIDE: how clients find the primary"), yaml);
    assertTrue(yaml.contains("# DECIDE backupDir"), yaml);
    assertTrue(yaml.contains("slot on pg-a: standby_1 (physical, active)"), yaml);
  }
}
