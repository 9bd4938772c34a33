package dev.baton.drivers.postgresql;

import dev.baton.engine.DriverException;
import dev.baton.model.Component;
import dev.baton.model.Version;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to reach and run one PostgreSQL server, read from its component's properties: host, port,
 * data directory, OS user, and a binary directory per version ({@code bin.15.8: /opt/pg/15.8/bin}).
 * {@code applicationName} (default: the component's name) is the name a standby streams under:
 * Baton writes it into primary_conninfo and finds the standby's pg_stat_replication row by it.
 */
record PgConfig(
    String name,
    String node,
    String host,
    int port,
    String dataDir,
    String socketDir,
    String logFile,
    String backupDir,
    String osUser,
    String dbUser,
    String database,
    String toolsDir,
    String applicationName,
    String passwordSecret,
    Version declaredVersion,
    Map<Version, String> binDirs) {

  static PgConfig of(Component c) throws DriverException {
    Map<String, String> p = c.properties();
    Map<Version, String> bins = new TreeMap<>();
    p.forEach(
        (k, v) -> {
          if (k.startsWith("bin.")) {
            bins.put(Version.parse(k.substring(4)), v);
          }
        });
    String dataDir = require(c, "dataDir");
    String tools =
        p.getOrDefault("toolsDir", bins.isEmpty() ? "" : bins.values().iterator().next());
    return new PgConfig(
        c.name(),
        c.node(),
        p.getOrDefault("host", "127.0.0.1"),
        Integer.parseInt(require(c, "port")),
        dataDir,
        p.getOrDefault("socketDir", "/var/run/postgresql"),
        p.getOrDefault("logFile", dataDir + "/../" + c.name() + ".log"),
        p.getOrDefault("backupDir", dataDir + "/../backups"),
        p.getOrDefault("osUser", "postgres"),
        p.getOrDefault("dbUser", "postgres"),
        p.getOrDefault("database", "postgres"),
        tools,
        applicationNameOf(c),
        p.getOrDefault("passwordSecret", ""),
        c.version(),
        bins);
  }

  /** The role group a new-major member replaces in a major upgrade, or null (ADR 0040). */
  static String upgradeOf(Component c) {
    return c.properties().get("upgradeOf");
  }

  /**
   * Whether {@code c} belongs to the new major of a major upgrade: it names {@code upgradeOf}, or
   * shares its role group with a member that does.
   */
  static boolean newMajor(dev.baton.model.Topology t, Component c) {
    String group = c.roleGroup() == null ? "" : c.roleGroup();
    return upgradeOf(c) != null || t.roleGroup(group).stream().anyMatch(o -> upgradeOf(o) != null);
  }

  /** The name a component's server streams under when it is a standby. */
  static String applicationNameOf(Component c) {
    return c.properties().getOrDefault("applicationName", c.name());
  }

  private static String require(Component c, String key) throws DriverException {
    String v = c.properties().get(key);
    if (v == null || v.isBlank()) {
      throw new DriverException(
          "component " + c.name() + " needs the property " + key + " for the postgresql driver",
          "");
    }
    return v;
  }

  /** The binary directory of a version, or a sentence naming what the topology must add. */
  String binDir(Version v) throws DriverException {
    for (Map.Entry<Version, String> e : binDirs.entrySet()) {
      if (e.getKey().sameLevel(v)) {
        return e.getValue();
      }
    }
    throw new DriverException(
        "component "
            + name
            + " has no binaries for version "
            + v
            + "; add the property bin."
            + v
            + " with its bin directory",
        "");
  }

  String tool(String name) {
    return toolsDir + "/" + name;
  }

  /**
   * The version whose {@code bin.<version>} is {@code dir}; when several name it, the declared one
   * if it is among them, else the newest.
   */
  java.util.Optional<Version> versionIn(String dir) {
    String want = normal(dir);
    Version found = null;
    for (Map.Entry<Version, String> e : binDirs.entrySet()) {
      if (normal(e.getValue()).equals(want)) {
        if (e.getKey().sameLevel(declaredVersion)) {
          return java.util.Optional.of(e.getKey());
        }
        found = e.getKey();
      }
    }
    return java.util.Optional.ofNullable(found);
  }

  /**
   * The version to assume when nothing says which binaries last ran: the declared one, unless the
   * data directory's major ({@code PG_VERSION}) differs and a {@code bin.<version>} of that major
   * exists.
   */
  Version fallbackVersion(String pgVersion) {
    if (pgVersion == null || !pgVersion.strip().matches("\\d+")) {
      return declaredVersion;
    }
    int major = Integer.parseInt(pgVersion.strip());
    if (declaredVersion.major() == major) {
      return declaredVersion;
    }
    Version best = declaredVersion;
    for (Version v : binDirs.keySet()) {
      if (v.major() == major) {
        best = v;
      }
    }
    return best;
  }

  private static String normal(String path) {
    String p = path.strip().replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  String conninfo() {
    return "host=" + host + " port=" + port + " user=" + dbUser + " dbname=" + database;
  }
}
