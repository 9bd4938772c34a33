package dev.baton.drivers.postgresql;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One end of a logical link in one database as one query sees it: its subscriptions there and its
 * logical slots there, with each slot's lag behind this end's WAL.
 */
record LinkEnd(List<Subscription> subscriptions, Map<String, Slot> slots, long walLsn) {

  LinkEnd {
    subscriptions = List.copyOf(subscriptions);
    slots = Map.copyOf(slots);
  }

  /**
   * A subscription of this end; {@code publications} is a list for pgoutput's {@code
   * publication_names} (quoted identifiers, comma-separated).
   */
  record Subscription(
      long oid,
      String name,
      String conninfo,
      boolean enabled,
      String slot,
      String publications,
      int notReady,
      int tables) {

    /**
     * Whether its connection string reaches {@code other}'s host and port (and {@code db}, when it
     * names a database). The customer's subscriptions have names of their own: the address is what
     * says which link one belongs to.
     */
    boolean reaches(PgConfig other, String db) {
      Map<String, String> c = parts(conninfo);
      String host = c.getOrDefault("host", c.getOrDefault("hostaddr", ""));
      String port = c.getOrDefault("port", "5432");
      String dbname = c.get("dbname");
      return host.equalsIgnoreCase(other.host())
          && port.equals(Integer.toString(other.port()))
          && (dbname == null || dbname.isEmpty() || dbname.equals(db));
    }
  }

  record Slot(String name, boolean active, long confirmed, long lag) {}

  /** One statement: the subscriptions of the current database, then its logical slots. */
  static final String SQL =
      "select 'sub' as kind, s.oid::text as oid, s.subname as name, s.subconninfo as info,"
          + " s.subenabled::text as flag, s.subslotname as slot,"
          + " (select string_agg(quote_ident(p), ',') from unnest(s.subpublications) p) as pubs,"
          + " (select count(*) from pg_subscription_rel r where r.srsubid = s.oid"
          + "  and r.srsubstate <> 'r')::text as not_ready,"
          + " (select count(*) from pg_subscription_rel r where r.srsubid = s.oid)::text as tables,"
          + " null::text as confirmed, null::text as lag, pg_current_wal_lsn()::text as wal"
          + " from pg_subscription s join pg_database d on d.oid = s.subdbid"
          + " where d.datname = current_database()"
          + " union all"
          + " select 'slot', null, slot_name, plugin, active::text, null, null, null, null,"
          + " confirmed_flush_lsn::text,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text,"
          + " pg_current_wal_lsn()::text"
          + " from pg_replication_slots where slot_type = 'logical'"
          + " and database = current_database()"
          + " union all"
          + " select 'wal', null, null, null, null, null, null, null, null, null, null,"
          + " pg_current_wal_lsn()::text";

  static LinkEnd of(List<Map<String, String>> rows) {
    List<Subscription> subs = new ArrayList<>();
    Map<String, Slot> slots = new LinkedHashMap<>();
    long wal = -1;
    for (Map<String, String> r : rows) {
      switch (r.get("kind")) {
        case "sub" ->
            subs.add(
                new Subscription(
                    Long.parseLong(r.get("oid")),
                    r.get("name"),
                    r.get("info"),
                    r.get("flag").startsWith("t"),
                    r.get("slot"),
                    r.get("pubs") == null ? "" : r.get("pubs"),
                    Integer.parseInt(r.get("not_ready")),
                    Integer.parseInt(r.get("tables"))));
        case "slot" ->
            slots.put(
                r.get("name"),
                new Slot(
                    r.get("name"),
                    r.get("flag").startsWith("t"),
                    Lsn.parse(r.get("confirmed")),
                    r.get("lag") == null ? -1 : Long.parseLong(r.get("lag"))));
        default -> wal = Lsn.parse(r.get("wal"));
      }
    }
    return new LinkEnd(subs, slots, wal);
  }

  /** This end's subscriptions in {@code db} that reach {@code other}. */
  List<Subscription> to(PgConfig other, String db) {
    return subscriptions.stream().filter(s -> s.reaches(other, db)).toList();
  }

  Optional<Subscription> named(String name) {
    return subscriptions.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  Optional<Slot> slot(String name) {
    return Optional.ofNullable(name == null ? null : slots.get(name));
  }

  /**
   * A connection string's keywords, in libpq's key/value form or as a {@code postgresql://} URI;
   * none when it cannot be read (then it reaches nothing Baton knows).
   */
  static Map<String, String> parts(String conninfo) {
    String s = conninfo == null ? "" : conninfo.strip();
    if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
      return uri(s);
    }
    try {
      return Conninfo.parse(s).entries();
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }

  private static Map<String, String> uri(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    try {
      URI u = new URI(s);
      if (u.getHost() != null) {
        m.put("host", u.getHost().replaceAll("^\\[|\\]$", ""));
      }
      if (u.getPort() > 0) {
        m.put("port", Integer.toString(u.getPort()));
      }
      String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
      if (!path.isEmpty()) {
        m.put("dbname", path);
      }
      if (u.getQuery() != null) {
        for (String kv : u.getQuery().split("&")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
    } catch (URISyntaxException e) {
      return Map.of();
    }
    return m;
  }
}
