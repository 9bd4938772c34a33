package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Property;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The facts of a major upgrade by logical replication (ADR 0040), for topologies with a component
 * that names {@code upgradeOf}: which databases each member fences, whom it follows; the copy's
 * state; and, only before the copy follows its source, what the guardrails read (tables without a
 * key, large objects, unlogged tables, extensions, capacity, space). The schema's drift is read
 * while the copy follows an unfenced source: the cutover's last check before its pause.
 */
final class PgLogicalFacts {

  private static final String MEMBER_SQL =
      PgLogical.READ_ONLY_SQL
          + ";\nselect coalesce(string_agg(distinct substr(subname, 12), ','), '') as subs"
          + " from pg_subscription where subenabled and subname like 'baton\\_from\\_%';\n"
          + "select current_setting('wal_level') as wal_level";

  private static final String GUARD_SQL =
      "select coalesce(string_agg(format('%I.%I', n.nspname, c.relname), ','), '') as keyless"
          + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
          + " where c.relkind in ('r', 'p') and c.relpersistence = 'p'"
          + " and n.nspname not in ('pg_catalog', 'information_schema')"
          + " and n.nspname not like 'pg\\_%'"
          + " and (c.relreplident = 'n' or (c.relreplident = 'd' and not exists"
          + " (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary)));\n"
          + "select coalesce(string_agg(oid::text, ',' order by oid), '') as los"
          + " from (select oid from pg_largeobject_metadata order by oid limit 20) l;\n"
          + "select coalesce(string_agg(format('%I.%I', n.nspname, c.relname), ','), '') as unlogged"
          + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
          + " where c.relkind in ('r', 'p') and c.relpersistence = 'u';\n"
          + "select coalesce(string_agg(extname, ','), '') as exts from pg_extension"
          + " where extname <> 'plpgsql'";

  private static final String SERVER_SQL =
      "select (current_setting('max_replication_slots')::int"
          + " - (select count(*) from pg_replication_slots))::text as free_slots,"
          + " (current_setting('max_wal_senders')::int"
          + " - (select count(*) from pg_stat_replication))::text as free_senders,"
          + " (select sum(pg_database_size(oid)) from pg_database)::bigint::text as bytes";

  private final PgSql sql;
  private final Function<PgConfig, Transport> transports;

  /** Databases of a copy known to be synchronised, by copy: they do not become unsynchronised. */
  private final Map<String, Set<String>> synced = new ConcurrentHashMap<>();

  PgLogicalFacts(PgSql sql, Function<PgConfig, Transport> transports) {
    this.sql = sql;
    this.transports = transports;
  }

  /** Whether {@code t} plans a major upgrade by logical replication. */
  static boolean upgrading(Topology t) {
    return t.components().stream().anyMatch(c -> PgConfig.upgradeOf(c) != null);
  }

  List<Fact> of(Topology t, Map<String, PgState> states, Instant at) throws DriverException {
    List<Fact> out = new ArrayList<>();
    Map<String, String> readOnly = new java.util.HashMap<>();
    Map<String, String> subs = new java.util.HashMap<>();
    for (Component c : t.components()) {
      PgState s = states.get(c.name());
      if (!"postgresql".equals(c.kind()) || s == null || s.status() != PgState.Status.RUNNING) {
        continue;
      }
      PgConfig pc = PgConfig.of(c);
      List<List<Map<String, String>>> r;
      try {
        r = sql.probeAll(pc, transports.apply(pc), List.of(MEMBER_SQL));
        readOnly.put(c.name(), r.get(0).get(0).get("dbs"));
        // A standby's catalog is its primary's: it follows nobody by logical replication itself.
        subs.put(c.name(), s.inRecovery() ? "" : names(t, r.get(1).get(0).get("subs")));
      } catch (SQLException e) {
        continue;
      }
      out.add(fact(Property.READ_ONLY.of(c.name()), readOnly.get(c.name()), at));
      out.add(fact(Property.SUBSCRIBED_TO.of(c.name()), subs.get(c.name()), at));
      out.add(fact(Property.WAL_LEVEL.of(c.name()), r.get(2).get(0).get("wal_level"), at));
    }
    for (Component target : t.components()) {
      String group = PgConfig.upgradeOf(target);
      if (group == null) {
        continue;
      }
      PgConfig tc = PgConfig.of(target);
      Component source = primaryOf(t, group, states);
      String state = copyState(tc, states.get(target.name()));
      if (source == null) {
        out.add(fact(Property.COPY_STATE.of(target.name()), state, at));
        continue;
      }
      PgConfig sc = PgConfig.of(source);
      Transport st = transports.apply(sc);
      boolean follows = subs.getOrDefault(target.name(), "").contains(source.name());
      boolean fenced = !readOnly.getOrDefault(source.name(), "").isEmpty();
      if (follows) {
        state = syncState(tc, sc, st);
        if (!fenced) {
          out.add(fact(Property.SCHEMA_DRIFT.of(source.name()), drift(sc, st, tc), at));
        }
      } else if (!fenced && !subs.getOrDefault(source.name(), "").contains(target.name())) {
        guardrails(out, sc, st, tc, at);
      }
      out.add(fact(Property.COPY_STATE.of(target.name()), state, at));
    }
    return out;
  }

  private String copyState(PgConfig tc, PgState s) throws DriverException {
    if (s != null && s.status() == PgState.Status.RUNNING) {
      return "running";
    }
    return new PgLogical(sql, null).copyState(tc, transports.apply(tc));
  }

  /** {@code copying} with how many tables still copy, or {@code synced}. */
  private String syncState(PgConfig tc, PgConfig sc, Transport st) throws DriverException {
    Transport tt = transports.apply(tc);
    PgLogical l = new PgLogical(sql, null);
    Set<String> done = synced.computeIfAbsent(tc.name(), k -> ConcurrentHashMap.newKeySet());
    int copying = 0;
    for (String db : l.databases(sc, st)) {
      if (done.contains(db)) {
        continue;
      }
      List<Map<String, String>> r =
          l.rows(
              PgLogical.on(tc, db),
              tt,
              "select count(*) filter (where srsubstate <> 'r')::text as copying"
                  + " from pg_subscription_rel r join pg_subscription s on s.oid = r.srsubid"
                  + " where s.subname = "
                  + PgLogical.literal(PgLogical.subscription(sc)));
      int n = Integer.parseInt(r.get(0).get("copying"));
      if (n == 0) {
        done.add(db);
      }
      copying += n;
    }
    return copying == 0 ? "synced" : "copying (" + copying + " tables)";
  }

  private record Drift(String stamp, List<String> found) {}

  /** The last drift read per source database, with the stamp it was read at. */
  private final Map<String, Drift> drifts = new ConcurrentHashMap<>();

  private String drift(PgConfig sc, Transport st, PgConfig tc) throws DriverException {
    PgLogical l = new PgLogical(sql, null);
    List<String> changed = new ArrayList<>();
    for (String db : l.databases(sc, st)) {
      PgConfig c = PgLogical.on(sc, db);
      String stamp = l.rows(c, st, Fingerprint.STAMP_SQL).get(0).get("stamp");
      Drift known = drifts.get(c.name());
      if (known != null && known.stamp().equals(stamp) && known.found().isEmpty()) {
        continue;
      }
      List<String> found = l.drift(c, st, PgLogical.on(tc, db), transports.apply(tc));
      drifts.put(c.name(), new Drift(stamp, found));
      changed.addAll(found);
    }
    return String.join(", ", changed);
  }

  private void guardrails(List<Fact> out, PgConfig sc, Transport st, PgConfig tc, Instant at)
      throws DriverException {
    PgLogical l = new PgLogical(sql, null);
    List<String> keyless = new ArrayList<>();
    List<String> los = new ArrayList<>();
    List<String> unlogged = new ArrayList<>();
    List<String> exts = new ArrayList<>();
    for (String db : l.databases(sc, st)) {
      List<List<Map<String, String>>> r;
      try {
        r = sql.probeAll(PgLogical.on(sc, db), st, List.of(GUARD_SQL));
      } catch (SQLException e) {
        throw new DriverException(sc.name() + "/" + db + ": " + e.getMessage(), "");
      }
      add(keyless, db, r.get(0).get(0).get("keyless"));
      add(los, db, r.get(1).get(0).get("los"));
      add(unlogged, db, r.get(2).get(0).get("unlogged"));
      add(exts, db, r.get(3).get(0).get("exts"));
    }
    String name = sc.name();
    out.add(fact(Property.KEYLESS_TABLES.of(name), String.join(",", keyless), at));
    out.add(fact(Property.LARGE_OBJECTS.of(name), String.join(",", los), at));
    out.add(fact(Property.UNLOGGED_TABLES.of(name), String.join(",", unlogged), at));
    out.add(fact(Property.EXTENSIONS.of(name), String.join(",", exts), at));
    Map<String, String> s = l.rows(sc, st, SERVER_SQL).get(0);
    out.add(fact(Property.FREE_SLOTS.of(name), s.get("free_slots"), at));
    out.add(fact(Property.FREE_SENDERS.of(name), s.get("free_senders"), at));
    out.add(fact(Property.DATABASE_BYTES.of(name), s.get("bytes"), at));
    targetFiles(out, tc, at);
  }

  /**
   * What the target's node offers: the extensions its binaries ship ({@code *.control} beside them,
   * as the zonky and Debian layouts place them), and the free space where its data directory goes.
   */
  private void targetFiles(List<Fact> out, PgConfig tc, Instant at) throws DriverException {
    String bin;
    try {
      bin = tc.binDir(tc.declaredVersion());
    } catch (DriverException e) {
      return;
    }
    String script =
        "for d in \"$1/../share/postgresql/extension\" \"$1/../share/extension\""
            + " \"/usr/share/postgresql/$2/extension\"; do"
            + " if [ -d \"$d\" ]; then (cd \"$d\" && ls -1 *.control 2>/dev/null); break; fi; done;"
            + " echo BATON-DF; p=\"$3\"; while [ ! -d \"$p\" ]; do p=$(dirname \"$p\"); done;"
            + " df -Pk \"$p\" | tail -n 1";
    CommandResult r =
        transports
            .apply(tc)
            .run(
                new Command(
                    List.of(
                        "sh",
                        "-c",
                        script,
                        "sh",
                        bin,
                        Integer.toString(tc.declaredVersion().major()),
                        tc.dataDir()),
                    tc.osUser(),
                    Duration.ofSeconds(15)));
    String[] parts = r.stdout().split("BATON-DF", 2);
    List<String> exts =
        parts[0]
            .lines()
            .map(String::strip)
            .filter(x -> x.endsWith(".control"))
            .map(x -> x.substring(0, x.length() - ".control".length()))
            .toList();
    out.add(fact(Property.AVAILABLE_EXTENSIONS.of(tc.name()), String.join(",", exts), at));
    if (parts.length > 1) {
      String[] df = parts[1].strip().split("\\s+");
      if (df.length >= 4 && df[3].matches("\\d+")) {
        out.add(
            fact(
                Property.FREE_BYTES.of(tc.name()),
                Long.toString(Long.parseLong(df[3]) * 1024),
                at));
      }
    }
  }

  private static void add(List<String> to, String db, String csv) {
    if (csv != null && !csv.isEmpty()) {
      for (String x : csv.split(",")) {
        to.add(db + ":" + x);
      }
    }
  }

  /** The running primary of a role group, or null. */
  private static Component primaryOf(Topology t, String group, Map<String, PgState> states) {
    for (Component c : t.roleGroup(group)) {
      PgState s = states.get(c.name());
      if (s != null && s.isPrimary()) {
        return c;
      }
    }
    return null;
  }

  /** The components whose subscription names ({@code baton_from_<stem>}) {@code stems} lists. */
  private static String names(Topology t, String stems) {
    if (stems == null || stems.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (String stem : stems.split(",")) {
      t.components().stream()
          .filter(c -> PgLogical.subscription(c.name()).equals("baton_from_" + stem))
          .findFirst()
          .ifPresentOrElse(c -> out.add(c.name()), () -> out.add(stem));
    }
    return String.join(",", out);
  }

  private static Fact fact(String subject, String value, Instant at) {
    return new Fact(FactKind.PROPERTY, subject, value == null ? "" : value, "postgresql", at);
  }
}
