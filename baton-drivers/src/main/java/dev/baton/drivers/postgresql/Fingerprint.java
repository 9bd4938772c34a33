package dev.baton.drivers.postgresql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A schema's fingerprint: one digest per table, view, sequence, index and function outside the
 * system schemas and Baton's own. Logical replication does not carry DDL, so the cutover compares
 * the source's schema with the fingerprint taken when the copy began, and names what changed.
 */
final class Fingerprint {
  private Fingerprint() {}

  /** Rows of {@code object} and {@code digest}. */
  static final String SQL =
      "select format('%s %I.%I', case c.relkind when 'r' then 'table' when 'p' then 'table'"
          + " when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'"
          + " when 'i' then 'index' when 'f' then 'foreign table' else 'relation' end,"
          + " n.nspname, c.relname) as object,"
          + " md5(concat_ws('|', c.relkind, c.relpersistence, c.relreplident,"
          + " (select string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':'"
          + " || a.attnotnull || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ','"
          + " order by a.attnum) from pg_attribute a left join pg_attrdef d on"
          + " d.adrelid = a.attrelid and d.adnum = a.attnum"
          + " where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),"
          + " (select string_agg(pg_get_constraintdef(k.oid), ',' order by k.conname)"
          + " from pg_constraint k where k.conrelid = c.oid),"
          + " case when c.relkind = 'i' then pg_get_indexdef(c.oid) end,"
          + " case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end)) as digest"
          + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
          + " where n.nspname not in ('pg_catalog', 'information_schema', 'baton')"
          + " and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'"
          + " and c.relkind in ('r', 'p', 'v', 'm', 'S', 'i', 'f')"
          + " union all select 'function ' || p.oid::regprocedure::text,"
          + " md5(pg_get_functiondef(p.oid)) from pg_proc p"
          + " join pg_namespace n on n.oid = p.pronamespace"
          + " where n.nspname not in ('pg_catalog', 'information_schema', 'baton')"
          + " and p.prokind in ('f', 'p')"
          + " and not exists (select 1 from pg_depend e where e.objid = p.oid"
          + " and e.deptype = 'e')";

  /**
   * A stamp of a database's catalog that any DDL changes: how many rows the catalogs that the
   * fingerprint reads hold, and the newest transaction that wrote one. Reading it costs one short
   * round trip; the fingerprint is read again only when it changed, so the steps from the check
   * before the pause to the fence do not compare every definition each time.
   */
  static final String STAMP_SQL =
      "select concat_ws('/', (select count(*) || ':' || max(xmin::text::bigint) from pg_class),"
          + " (select count(*) || ':' || max(xmin::text::bigint) from pg_attribute),"
          + " (select count(*) || ':' || coalesce(max(xmin::text::bigint), 0) from pg_constraint),"
          + " (select count(*) || ':' || coalesce(max(xmin::text::bigint), 0) from pg_attrdef),"
          + " (select count(*) || ':' || max(xmin::text::bigint) from pg_proc)) as stamp";

  /** The fingerprint as text: one {@code object<TAB>digest} line per object, sorted. */
  static String text(List<Map<String, String>> rows) {
    TreeMap<String, String> sorted = new TreeMap<>();
    rows.forEach(r -> sorted.put(r.get("object"), r.get("digest")));
    StringBuilder b = new StringBuilder();
    sorted.forEach((o, d) -> b.append(o).append('\t').append(d).append('\n'));
    return b.toString();
  }

  /** What differs between a recorded fingerprint and the schema now, one phrase per object. */
  static List<String> drift(String recorded, List<Map<String, String>> now) {
    return drift(recorded, now, null);
  }

  /**
   * As {@link #drift(String, List)}, leaving out each object that the copy's schema {@code copy}
   * already has as the source has it now: the operator applied the same change there.
   */
  static List<String> drift(
      String recorded, List<Map<String, String>> now, List<Map<String, String>> copy) {
    Map<String, String> then = parse(recorded);
    Map<String, String> current = parse(text(now));
    Map<String, String> there = copy == null ? null : parse(text(copy));
    List<String> out = new ArrayList<>();
    current.forEach(
        (o, d) -> {
          String was = then.get(o);
          boolean matched = there != null && d.equals(there.get(o));
          if (was == null && !matched) {
            out.add(o + " (created)");
          } else if (was != null && !was.equals(d) && !matched) {
            out.add(o + " (changed)");
          }
        });
    then.keySet().stream()
        .filter(o -> !current.containsKey(o))
        .filter(o -> there == null || there.containsKey(o))
        .forEach(o -> out.add(o + " (dropped)"));
    return out;
  }

  /** Whether anything differs between a recorded fingerprint and the schema now. */
  static boolean changed(String recorded, List<Map<String, String>> now) {
    return !parse(recorded).equals(parse(text(now)));
  }

  private static Map<String, String> parse(String text) {
    Map<String, String> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        out.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return out;
  }
}
