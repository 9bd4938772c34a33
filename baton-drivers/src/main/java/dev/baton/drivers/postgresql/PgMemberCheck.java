package dev.baton.drivers.postgresql;

import dev.baton.engine.CheckLine;
import dev.baton.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The lines of a check about one member on its own: its place, its files, its binaries. */
final class PgMemberCheck {
  private PgMemberCheck() {}

  static List<CheckLine> lines(PgMember m, String transport) {
    List<CheckLine> out = new ArrayList<>();
    PgConfig c = m.config();
    Map<String, String> disk = m.disk();
    String on =
        "on " + c.node() + (transport.isEmpty() ? "" : " (" + transport.toLowerCase() + ")");
    if (!disk.containsKey("unreachable") || m.server() != null) {
      out.addAll(server(m, on));
    }
    if (disk.containsKey("unreachable")) {
      out.add(
          CheckLine.problem(
              c.name(),
              "node "
                  + c.node()
                  + (transport.isEmpty() ? "" : " (" + transport.toLowerCase() + ")")
                  + " cannot be reached, so neither can the server at "
                  + m.place()
                  + ": "
                  + PgMember.oneClause(disk.get("unreachable")),
              "check the node's host, port, user and key"));
    } else {
      out.addAll(files(m, on));
    }
    if (m.server() != null) {
      out.addAll(binaries(m));
      out.addAll(settings(m));
    }
    return out;
  }

  private static List<CheckLine> files(PgMember m, String on) {
    List<CheckLine> out = new ArrayList<>();
    PgConfig c = m.config();
    Map<String, String> disk = m.disk();
    String owner = disk.getOrDefault("owner", "");
    boolean userExists = "yes".equals(disk.get("user"));
    if (!userExists) {
      out.add(
          CheckLine.wrong(
              c.name(),
              "osUser " + c.osUser() + " does not exist " + on,
              owner.isEmpty()
                  ? "set osUser to the owner of the data directory"
                  : "set osUser: " + owner + " (the owner of " + c.dataDir() + ")"));
    }
    if (!"yes".equals(disk.get("dir"))) {
      String actual = m.setting("data_directory");
      out.add(
          CheckLine.wrong(
              c.name(),
              "dataDir " + c.dataDir() + " does not exist " + on,
              actual.isEmpty()
                  ? "set dataDir to the server's data directory (SHOW data_directory)"
                  : "set dataDir: "
                      + actual
                      + " (the data_directory of the server at "
                      + m.place()
                      + ")"));
      return out;
    }
    if (userExists && !owner.equals(c.osUser())) {
      out.add(
          CheckLine.wrong(
              c.name(),
              "dataDir " + c.dataDir() + " is owned by " + owner + ", not by osUser " + c.osUser(),
              "set osUser: " + owner));
    } else if (userExists) {
      out.add(
          CheckLine.ok(
              c.name(), "dataDir " + c.dataDir() + " exists " + on + ", owned by " + owner));
    }
    if ("yes".equals(disk.get("searchable")) && !disk.containsKey("pgversion")) {
      out.add(
          CheckLine.wrong(
              c.name(),
              "dataDir " + c.dataDir() + " is not a PostgreSQL data directory (no PG_VERSION)",
              "set dataDir to the server's data directory (SHOW data_directory)"));
    }
    String missing = disk.getOrDefault("toolsmissing", "").strip();
    if (!missing.isEmpty()) {
      out.add(
          CheckLine.wrong(
              c.name(),
              "toolsDir " + c.toolsDir() + " has no " + missing.replace(" ", ", "),
              "set toolsDir to the bin directory of PostgreSQL's client tools"
                  + " (Debian: /usr/lib/postgresql/<major>/bin)"));
    }
    return out;
  }

  /** Whether the server the topology names answers where it says, and is that server. */
  private static List<CheckLine> server(PgMember m, String on) {
    PgConfig c = m.config();
    Map<String, String> disk = m.disk();
    if (m.server() == null) {
      String port = disk.getOrDefault("pidport", "");
      boolean running = "yes".equals(disk.get("running"));
      String why = "nothing answers at " + m.place() + " (" + m.sqlError() + ")";
      if (running && !port.isEmpty() && !port.equals(Integer.toString(c.port()))) {
        return List.of(
            CheckLine.wrong(
                c.name(),
                "port "
                    + c.port()
                    + " is wrong: "
                    + why
                    + "; the server of "
                    + c.dataDir()
                    + " listens on "
                    + port,
                "set port: " + port));
      }
      if (running) {
        return List.of(
            CheckLine.problem(
                c.name(),
                "the server of " + c.dataDir() + " runs " + on + ", but " + why,
                "check host (" + c.host() + "), listen_addresses, pg_hba and the password"));
      }
      if ("yes".equals(disk.get("dir"))) {
        return List.of(
            CheckLine.problem(
                c.name(),
                "stopped: " + why + ", and no server runs on " + c.dataDir(),
                "start it (pg_ctl -D " + c.dataDir() + " start, as " + c.osUser() + ")"));
      }
      return List.of(CheckLine.problem(c.name(), why, "check host and port"));
    }
    List<CheckLine> out = new ArrayList<>();
    out.add(
        CheckLine.ok(
            c.name(),
            "reachable at "
                + m.place()
                + ": PostgreSQL "
                + m.setting("version").split("\\s+")[0]
                + ", "
                + (m.isPrimary() ? "primary" : "standby")));
    String actual = trim(m.setting("data_directory"));
    if (!actual.equals(trim(c.dataDir()))) {
      out.add(
          CheckLine.wrong(
              c.name(),
              "dataDir is "
                  + c.dataDir()
                  + ", but the server at "
                  + m.place()
                  + " has data_directory "
                  + actual,
              "set dataDir: " + actual));
    }
    return out;
  }

  /** Each bin.<version> holds that version's server, and the running version has one. */
  private static List<CheckLine> binaries(PgMember m) {
    List<CheckLine> out = new ArrayList<>();
    PgConfig c = m.config();
    Version running = PgObserver.version(m.setting("version"));
    boolean found = false;
    for (Map.Entry<Version, String> e : c.binDirs().entrySet()) {
      String said = m.disk().getOrDefault("bin." + e.getValue(), "");
      String key = "bin." + e.getKey();
      if (said.isEmpty() || !said.contains("PostgreSQL")) {
        out.add(
            CheckLine.wrong(
                c.name(),
                key + " " + e.getValue() + " holds no postgres binary",
                "set " + key + " to the directory holding postgres and pg_ctl of " + e.getKey()));
        continue;
      }
      if (said.contains("(no pg_ctl)")) {
        out.add(
            CheckLine.wrong(
                c.name(),
                key + " " + e.getValue() + " has no pg_ctl",
                "set " + key + " to a complete bin directory"));
        continue;
      }
      Version holds = PgObserver.version(said.replaceAll("^.*\\(PostgreSQL\\)\\s*", ""));
      if (holds.major() != e.getKey().major()) {
        out.add(
            CheckLine.wrong(
                c.name(),
                key + " " + e.getValue() + " holds PostgreSQL " + holds + ", not " + e.getKey(),
                "point "
                    + key
                    + " at PostgreSQL "
                    + e.getKey()
                    + "'s bin directory, or name the key bin."
                    + holds));
        continue;
      }
      found |= e.getKey().sameLevel(running) || holds.equals(running);
    }
    if (!found) {
      String opts = m.disk().getOrDefault("opts", "");
      String dir = opts.contains("/") ? opts.substring(0, opts.lastIndexOf('/')) : "";
      out.add(
          CheckLine.wrong(
              c.name(),
              "no bin." + running + " for the running PostgreSQL " + running,
              "add bin." + running + ": " + (dir.isEmpty() ? "<its bin directory>" : dir)));
    } else {
      out.add(
          CheckLine.ok(c.name(), "bin." + running + " holds the running PostgreSQL " + running));
    }
    return out;
  }

  /** What a rejoin after a failover and a standby's future as a primary need. */
  private static List<CheckLine> settings(PgMember m) {
    List<CheckLine> out = new ArrayList<>();
    String n = m.name();
    if ("on".equals(m.setting("wal_log_hints")) || "on".equals(m.setting("data_checksums"))) {
      out.add(
          CheckLine.ok(
              n,
              "pg_rewind can run: "
                  + ("on".equals(m.setting("wal_log_hints")) ? "wal_log_hints" : "data_checksums")
                  + " is on"));
    } else {
      out.add(
          CheckLine.warn(
              n,
              "wal_log_hints and data_checksums are off: after a failover this member could only"
                  + " rejoin by a full copy, not by pg_rewind (a switchover does not need it)",
              "set wal_log_hints = on and restart at the next maintenance"));
    }
    if ("0".equals(m.setting("max_wal_senders"))) {
      out.add(
          CheckLine.problem(
              n,
              "max_wal_senders is 0: no standby could stream from it after a switchover",
              "set max_wal_senders = 10 and restart"));
    }
    int slots = number(m.setting("max_replication_slots"));
    int used = number(m.setting("slots"));
    if (slots >= 0 && used >= 0 && used >= slots) {
      out.add(
          CheckLine.warn(
              n,
              "all "
                  + slots
                  + " replication slots are taken: a standby that needs one could not get it",
              "drop a slot no longer used (pg_replication_slots) or raise max_replication_slots"));
    }
    out.add(
        CheckLine.ok(
            n,
            "archive_mode "
                + m.setting("archive_mode")
                + " (bookmarks need it on); synchronous_standby_names '"
                + m.setting("synchronous_standby_names")
                + "'"));
    return out;
  }

  private static int number(String s) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String trim(String path) {
    String p = path.strip();
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
