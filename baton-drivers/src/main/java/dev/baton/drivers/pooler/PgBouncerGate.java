package dev.baton.drivers.pooler;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A side's PgBouncer as the gate its clients come through (a component of kind {@code pgbouncer} in
 * a dual-sided system): stopping the side closes the gate with {@code DISABLE} and {@code KILL} on
 * each of its databases, so clients get an error at once instead of waiting, and nothing new gets
 * in; starting opens it again with {@code ENABLE} and {@code RESUME}. PgBouncer itself keeps
 * running, so no process or service manager is needed on the node, and the gate's state is read
 * back from {@code SHOW DATABASES}.
 */
public final class PgBouncerGate {

  /** The component kind this gate serves. */
  public static final String KIND = "pgbouncer";

  private static final Duration CONNECT = Duration.ofSeconds(5);

  private final Function<String, Transport> transports;
  private final Function<String, String> secrets;

  /** {@code secrets} gives the admin password by the secret name in {@code adminPassword}. */
  public PgBouncerGate(Function<String, Transport> transports, Function<String, String> secrets) {
    this.transports = transports;
    this.secrets = secrets;
  }

  /** Closes the gate: each database disabled, its client connections killed. */
  public ActionResult stop(Component c) throws DriverException {
    List<String> said = new ArrayList<>();
    try (AdminConsole admin = open(c)) {
      for (String db : databases(c)) {
        said.add(admin.query("DISABLE " + db).tag());
        said.add(admin.query("KILL " + db).tag());
      }
    }
    return new ActionResult(
        c.name() + " lets no client through (" + String.join(", ", databases(c)) + " disabled)",
        String.join("\n", said));
  }

  /** Opens the gate: each database enabled and resumed. */
  public ActionResult start(Component c) throws DriverException {
    List<String> said = new ArrayList<>();
    try (AdminConsole admin = open(c)) {
      for (String db : databases(c)) {
        said.add(admin.query("ENABLE " + db).tag());
        said.add(resume(admin, db));
      }
    }
    return new ActionResult(
        c.name() + " lets clients through again (" + String.join(", ", databases(c)) + ")",
        String.join("\n", said));
  }

  /** Running when every gated database is enabled, stopped when every one is disabled. */
  public ServiceState state(Component c) throws DriverException {
    try (AdminConsole admin = open(c)) {
      List<String> dbs = databases(c);
      int disabled = 0;
      int seen = 0;
      for (Map<String, String> row : admin.query("SHOW DATABASES").rows()) {
        if (dbs.contains(row.get("name"))) {
          seen++;
          if ("1".equals(row.get("disabled")) || "1".equals(row.get("paused"))) {
            disabled++;
          }
        }
      }
      if (seen < dbs.size()) {
        throw new DriverException(
            c.name() + " does not list every database of its databases property " + dbs, "");
      }
      return disabled == 0 ? ServiceState.RUNNING : ServiceState.STOPPED;
    }
  }

  /** RESUME answers an error for a database that was never paused; that is the state wanted. */
  private static String resume(AdminConsole admin, String db) throws DriverException {
    try {
      return admin.query("RESUME " + db).tag();
    } catch (DriverException e) {
      if (e.getMessage().contains("not paused")) {
        return "RESUME (was not paused)";
      }
      throw e;
    }
  }

  private AdminConsole open(Component c) throws DriverException {
    String host = required(c, "host");
    int port;
    try {
      port = Integer.parseInt(required(c, "port"));
    } catch (NumberFormatException e) {
      throw new DriverException(c.name() + ": port must be a number", "");
    }
    InetSocketAddress at = transports.apply(c.node()).reach(host, port);
    String secret = c.properties().get("adminPassword");
    String password = null;
    if (secret != null) {
      try {
        password = secrets.apply(secret);
      } catch (RuntimeException e) {
        throw new DriverException(
            "cannot read the admin password of " + c.name() + ": " + e.getMessage(), "");
      }
    }
    return AdminConsole.open(
        at, c.name() + " (" + host + ":" + port + ")", required(c, "adminUser"), password, CONNECT);
  }

  static List<String> databases(Component c) throws DriverException {
    List<String> dbs =
        Arrays.stream(required(c, "databases").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    for (String db : dbs) {
      if (!db.matches("[A-Za-z0-9_]+")) {
        throw new DriverException(
            c.name() + ": databases must be names separated by commas, not '" + db + "'", "");
      }
    }
    return dbs;
  }

  private static String required(Component c, String key) throws DriverException {
    String v = c.properties().get(key);
    if (v == null || v.isBlank()) {
      throw new DriverException(
          c.name() + " (kind pgbouncer) needs the property " + key + "; see docs/dual-side.md", "");
    }
    return v;
  }
}
