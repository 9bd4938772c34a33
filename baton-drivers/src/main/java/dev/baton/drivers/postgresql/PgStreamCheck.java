package dev.baton.drivers.postgresql;

import dev.baton.engine.CheckLine;
import dev.baton.model.ReplicationLink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of a check about a link: the standby streams from the primary under the name Baton
 * matches it by, and after a switchover the old primary could stream from the new one.
 */
final class PgStreamCheck {
  private PgStreamCheck() {}

  static List<CheckLine> streaming(ReplicationLink l, PgMember primary, PgMember standby) {
    String name = applicationName(standby.config());
    Optional<Map<String, String>> row =
        primary.replicas().stream().filter(r -> name.equals(r.get("application_name"))).findFirst();
    String via =
        standby.receiver().get("slot_name") == null
            ? ""
            : ", through slot " + standby.receiver().get("slot_name");
    if (row.isPresent() && "streaming".equals(row.get().get("state"))) {
      if (standby.receiver().getOrDefault("conninfo", "").contains("password=")) {
        return List.of(
            CheckLine.ok(
                standby.name(),
                "streams from " + primary.name() + " as application_name '" + name + "'"),
            CheckLine.warn(
                standby.name(),
                "its primary_conninfo holds a password, which Baton does not copy when it"
                    + " rewrites the line at a rejoin",
                "put the password in the OS user's ~/.pgpass (passfile) on both hosts and remove"
                    + " it from primary_conninfo"));
      }
      return List.of(
          CheckLine.ok(
              standby.name(),
              "streams from "
                  + primary.name()
                  + " as application_name '"
                  + name
                  + "' ("
                  + row.get().get("sync_state")
                  + via
                  + ")"));
    }
    if (row.isPresent()) {
      return List.of(
          CheckLine.problem(
              standby.name(),
              "is connected to " + primary.name() + " but " + row.get().get("state"),
              "wait until pg_stat_replication on " + primary.name() + " shows it streaming"));
    }
    String status = standby.receiver().getOrDefault("status", "");
    if (!"streaming".equals(status)) {
      return List.of(
          CheckLine.problem(
              standby.name(),
              "is not streaming from "
                  + primary.name()
                  + " (WAL receiver: "
                  + (status.isEmpty() ? "none" : status)
                  + ")",
              "check "
                  + standby.name()
                  + "'s primary_conninfo and server log; "
                  + primary.name()
                  + "'s pg_hba must allow replication from it"));
    }
    if (!sameServer(standby.senderDescription(), primary)) {
      return List.of(
          CheckLine.wrong(
              standby.name(),
              "streams from "
                  + standby.senderDescription()
                  + ", not from "
                  + primary.name()
                  + " at "
                  + primary.place(),
              "correct the link " + l.name() + " or the members' host and port"));
    }
    // It streams from the primary under another name: say which, so the topology can name it.
    List<String> names =
        primary.replicas().stream()
            .filter(r -> "streaming".equals(r.get("state")))
            .map(r -> r.get("application_name"))
            .toList();
    String actual = names.size() == 1 ? names.get(0) : "";
    return List.of(
        CheckLine.wrong(
            standby.name(),
            "streams from "
                + primary.name()
                + (actual.isEmpty() ? "" : " as application_name '" + actual + "'")
                + ", but Baton matches it by application_name '"
                + name
                + "'",
            actual.isEmpty()
                ? "set applicationName on " + standby.name() + " to its application_name"
                : "set applicationName: " + actual + " on " + standby.name()));
  }

  /** Whether {@code sender} (host:port as a WAL receiver reports it) is the member's server. */
  static boolean sameServer(String sender, PgMember m) {
    int colon = sender.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    String host = sender.substring(0, colon);
    String port = sender.substring(colon + 1);
    if (!port.equals(Integer.toString(m.config().port()))) {
      return false;
    }
    if (host.startsWith("/") || host.equals(m.config().host())) {
      return true;
    }
    return overlaps(host, m.config().host());
  }

  private static boolean overlaps(String a, String b) {
    try {
      Set<InetAddress> as = Set.of(InetAddress.getAllByName(a));
      for (InetAddress x : InetAddress.getAllByName(b)) {
        if (as.contains(x)
            || (x.isLoopbackAddress() && as.stream().anyMatch(InetAddress::isLoopbackAddress))) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * After a switchover the primary of today streams from the standby of today, as the user the
   * standby streams with now: the standby's pg_hba must let that user replicate from the primary's
   * address, and the first rule that matches must not reject it.
   */
  static List<CheckLine> rejoin(PgMember primary, PgMember standby) {
    String user =
        conninfoUser(standby.receiver().getOrDefault("conninfo", ""))
            .orElse(primary.config().dbUser());
    String from = primary.config().host();
    Optional<Map<String, String>> rule = firstMatch(standby.hba(), user, from);
    String what = "a replication connection of " + user + " from " + from;
    if (standby.hba().isEmpty()) {
      return List.of(
          CheckLine.warn(
              standby.name(),
              "its pg_hba rules could not be read, so whether it accepts " + what + " is unknown",
              "connect as a superuser (dbUser) so that Baton can read pg_hba_file_rules"));
    }
    if (rule.isEmpty() || "reject".equals(rule.get().get("auth_method"))) {
      return List.of(
          CheckLine.problem(
              standby.name(),
              "its pg_hba "
                  + (rule.isEmpty()
                      ? "has no rule for " + what
                      : "rejects " + what + " (line " + rule.get().get("line") + ")")
                  + ": after a switchover "
                  + primary.name()
                  + " could not stream from it",
              "add 'host replication "
                  + user
                  + " "
                  + from
                  + "/32 scram-sha-256' to "
                  + standby.name()
                  + "'s pg_hba.conf and reload"));
    }
    return List.of(
        CheckLine.ok(
            standby.name(),
            "accepts "
                + what
                + " (pg_hba line "
                + rule.get().get("line")
                + ", "
                + rule.get().get("auth_method")
                + "), so "
                + primary.name()
                + " can stream from it after a switchover"));
  }

  private static final Pattern USER = Pattern.compile("(?:^|\\s)user=(\\S+)");

  static Optional<String> conninfoUser(String conninfo) {
    Matcher m = USER.matcher(conninfo);
    return m.find() ? Optional.of(m.group(1).replace("'", "")) : Optional.empty();
  }

  /**
   * The first pg_hba rule that a TCP replication connection of {@code user} from {@code host}
   * matches.
   */
  static Optional<Map<String, String>> firstMatch(
      List<Map<String, String>> rules, String user, String host) {
    for (Map<String, String> r : rules) {
      if (r.get("error") != null || r.get("type") == null || !r.get("type").startsWith("host")) {
        continue;
      }
      List<String> dbs = List.of(r.getOrDefault("database", "").split(","));
      List<String> users = List.of(r.getOrDefault("user_name", "").split(","));
      if (!dbs.contains("replication")) {
        continue;
      }
      if (!users.contains("all")
          && !users.contains(user)
          && users.stream().noneMatch(u -> u.startsWith("+"))) {
        continue;
      }
      if (addressMatches(r.get("address"), r.get("netmask"), host)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  static boolean addressMatches(String address, String netmask, String host) {
    if (address == null || address.equals("all") || address.equals("samenet")) {
      return true;
    }
    try {
      InetAddress[] candidates = InetAddress.getAllByName(host);
      if (address.equals("samehost")) {
        for (InetAddress c : candidates) {
          if (c.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(c) != null) {
            return true;
          }
        }
        return false;
      }
      byte[] net = InetAddress.getByName(address).getAddress();
      byte[] mask = netmask == null ? null : InetAddress.getByName(netmask).getAddress();
      for (InetAddress c : candidates) {
        byte[] a = c.getAddress();
        if (a.length != net.length || (mask != null && mask.length != a.length)) {
          continue;
        }
        boolean match = true;
        for (int i = 0; i < a.length && match; i++) {
          int m = mask == null ? 0xff : mask[i] & 0xff;
          match = (a[i] & m) == (net[i] & m);
        }
        if (match) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException | java.net.SocketException e) {
      return false;
    }
  }

  /** The application_name a standby streams with, by which Baton finds its replication row. */
  static String applicationName(PgConfig c) {
    return c.applicationName();
  }
}
