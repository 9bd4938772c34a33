package dev.baton.drivers.postgresql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a discovered pair as a topology a human can read: every value it found, where it found it,
 * and a DECIDE comment where only a human can choose (the entry point, the backup directory).
 */
final class PgTopologyWriter {

  private final String system;
  private final PgDiscovery.Request request;
  private final Optional<String> passwordRef;
  private final StringBuilder out = new StringBuilder();

  PgTopologyWriter(String system, PgDiscovery.Request request, Optional<String> passwordRef) {
    this.system = system;
    this.request = request;
    this.passwordRef = passwordRef;
  }

  String write(PgDiscovery.Found primary, PgDiscovery.Found standby) {
    line("# A PostgreSQL primary and its streaming standby, as baton discover found them");
    line(
        "# on "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + " through "
            + PgDiscovery.place(request.host(), request.port())
            + " (user "
            + request.user()
            + ").");
    line("# Check it against the servers with:  baton check THIS-FILE");
    line("# Lines marked DECIDE need a human. Every property is described in docs/postgresql.md.");
    line("system: " + system);
    line("driver: postgresql");
    line("roleModel: primary-replica");
    line("sides:");
    line("  - name: A");
    line("  - name: B");
    line("nodes:");
    node("node-a", "A", primary);
    node("node-b", "B", standby);
    line("components:");
    component("pg-a", "node-a", "primary", primary, Optional.empty());
    String app =
        primary.replicas().stream()
            .filter(r -> "streaming".equals(r.get("state")))
            .map(r -> r.get("application_name"))
            .findFirst()
            .orElse("pg-b");
    component("pg-b", "node-b", "replica", standby, Optional.of(app));
    line("replication:");
    line("  - name: pg-stream");
    line("    from: pg-a");
    line("    to: pg-b");
    line("    kind: streaming");
    Map<String, String> row =
        primary.replicas().stream()
            .filter(r -> app.equals(r.get("application_name")))
            .findFirst()
            .orElse(Map.of());
    line(
        "    # found: sync_state "
            + row.getOrDefault("sync_state", "unknown")
            + ", synchronous_standby_names '"
            + primary.settings().getOrDefault("synchronous_standby_names", "")
            + "'"
            + ", slot "
            + Optional.ofNullable(standby.receiver().get("slot_name")).orElse("none"));
    slots("pg-a", primary.slots());
    slots("pg-b", standby.slots());
    line(
        "    # archive_mode "
            + primary.settings().get("archive_mode")
            + " on pg-a, "
            + standby.settings().get("archive_mode")
            + " on pg-b (bookmarks need it on)");
    line("entryPoints:");
    line(
        "  # DECIDE: how clients find the primary. 'none' means they do so themselves (a connection");
    line(
        "  # string naming both hosts with target_session_attrs=read-write); 'pooler' (PgBouncer),");
    line("  # 'haproxy' and 'dns' move an address for them: see docs/pooler.md and the README.");
    line("  - name: pg-clients");
    line("    pointsAt: pg-a");
    line("    redirection: none");
    passwordRef.ifPresent(
        ref -> {
          line("secrets:");
          line("  - name: pg-password");
          line("    ref: " + quote(ref) + "           # where the password is; never the password");
        });
    return out.toString();
  }

  private void node(String name, String side, PgDiscovery.Found f) {
    line("  - name: " + name);
    line("    side: " + side);
    if (request.ssh().isEmpty()) {
      line("    transport: local                # Baton runs on this host");
      return;
    }
    line(
        "    transport: ssh                  # Baton reaches it over SSH (see docs/postgresql.md)");
    line("    host: " + quote(f.host()));
    line("    port: " + request.ssh().get().port());
    line("    user: " + quote(request.ssh().get().user()));
  }

  private void component(
      String name, String node, String role, PgDiscovery.Found f, Optional<String> app) {
    Map<String, String> s = f.settings();
    String dataDir = s.get("data_directory");
    line("  - name: " + name);
    line("    node: " + node);
    line("    kind: postgresql");
    line("    version: " + quote(f.version()));
    line("    roleGroup: pg");
    line(
        "    role: "
            + role
            + "                  # as found; Baton observes roles, it never trusts this");
    line("    properties:");
    prop("host", f.host(), "");
    prop("port", Integer.toString(f.port()), "");
    prop("dataDir", dataDir, "its data_directory");
    String socket = s.getOrDefault("socket_dirs", "").split(",")[0].strip();
    if (!socket.isEmpty()) {
      prop("socketDir", socket, "first of unix_socket_directories");
    }
    prop("osUser", f.osUser(), "the owner of dataDir");
    prop("dbUser", request.user(), "");
    prop("database", request.database(), "");
    if (!f.binDir().isEmpty()) {
      prop("bin." + f.version(), f.binDir(), "the binaries the server runs now");
      prop("toolsDir", f.binDir(), "pg_controldata, pg_rewind, pg_basebackup");
    } else {
      line(
          "      # DECIDE: bin."
              + f.version()
              + ": the bin directory of the running server (not found)");
    }
    app.ifPresent(a -> prop("applicationName", a, "the application_name it streams with"));
    passwordRef.ifPresent(r -> prop("passwordSecret", "pg-password", "the secret below"));
    line("      # DECIDE backupDir: where Baton keeps a base backup before an upgrade");
    line("      #   (default " + dataDir + "/../backups)");
    line("      # DECIDE logFile: where the server logs when Baton starts it");
    line("      #   (default " + dataDir + "/../" + name + ".log)");
  }

  private void slots(String member, List<Map<String, String>> slots) {
    for (Map<String, String> sl : slots) {
      line(
          "    # slot on "
              + member
              + ": "
              + sl.get("slot_name")
              + " ("
              + sl.get("slot_type")
              + ("true".equals(sl.get("active"))
                  ? ", active)"
                  : ", inactive: it keeps WAL until used or dropped)"));
    }
  }

  private void prop(String key, String value, String comment) {
    String l = "      " + key + ": " + quote(value);
    line(comment.isEmpty() ? l : String.format("%-46s # %s", l, comment));
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
