package dev.baton.drivers.postgresql;

import dev.baton.engine.DriverException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a catalog copy into a new cluster ({@link PgSchemaCopy}) does not carry, found before
 * anything changes: each object by name, with what the operator can do about it. A copy that
 * silently left one behind would lose it at the swap, so the copy refuses instead.
 */
final class PgNotCarried {

  private PgNotCarried() {}

  /** A kind of object the copy leaves behind: a query naming each ({@code object}), and advice. */
  private record Rule(String sql, String advice) {}

  private static final String PG_UPGRADE = "or upgrade this server with pg_upgrade instead";

  /** A condition on a namespace oid column: a schema of the user's, not the system's. */
  static String userNs(String column) {
    return column
        + " in (select oid from pg_catalog.pg_namespace where nspname not in ('pg_catalog',"
        + " 'information_schema') and nspname not like 'pg\\_toast%' and nspname not like"
        + " 'pg\\_temp%')";
  }

  /**
   * What a database may hold that is not carried. Each query names the objects ({@code object}),
   * with the catalog ({@code cls}) and oid ({@code id}) by which an extension's own members are
   * left out: the extension is named instead.
   */
  private static final List<Rule> IN_DATABASE =
      List.of(
          new Rule(
              "select format('extension %I', extname) as object, null::regclass as cls,"
                  + " null::oid as id from pg_catalog.pg_extension where extname <> 'plpgsql'",
              "extensions are not carried: drop it (DROP EXTENSION) if nothing needs it, "
                  + PG_UPGRADE),
          new Rule(
              "select format('%s %s', case t.typtype when 'd' then 'domain' when 'r' then"
                  + " 'range type' when 'c' then 'composite type' else 'type' end,"
                  + " t.oid::regtype) as object, 'pg_type'::regclass as cls, t.oid as id from"
                  + " pg_catalog.pg_type t where "
                  + userNs("t.typnamespace")
                  + " and t.typtype in ('b', 'd', 'r', 'p', 'c')"
                  + " and not exists (select 1 from pg_catalog.pg_type e where e.typarray = t.oid)"
                  + " and (t.typtype <> 'c' or exists (select 1 from pg_catalog.pg_class c"
                  + " where c.oid = t.typrelid and c.relkind = 'c'))",
              "user-defined types and domains are not carried (enums are): replace them with"
                  + " built-in types, "
                  + PG_UPGRADE),
          new Rule(
              "select format('collation %I.%I', n.nspname, c.collname) as object,"
                  + " 'pg_collation'::regclass as cls, c.oid as id from pg_catalog.pg_collation"
                  + " c join pg_catalog.pg_namespace n on n.oid = c.collnamespace where "
                  + userNs("c.collnamespace"),
              "user-defined collations are not carried: use a built-in one, " + PG_UPGRADE),
          new Rule(
              "select format('operator %s', o.oid::regoperator) as object,"
                  + " 'pg_operator'::regclass as cls, o.oid as id from pg_catalog.pg_operator o"
                  + " where "
                  + userNs("o.oprnamespace")
                  + " union all select format('operator class %I.%I', n.nspname, c.opcname),"
                  + " 'pg_opclass'::regclass, c.oid from pg_catalog.pg_opclass c join"
                  + " pg_catalog.pg_namespace n on n.oid = c.opcnamespace where "
                  + userNs("c.opcnamespace")
                  + " union all select format('operator family %I.%I', n.nspname, f.opfname),"
                  + " 'pg_opfamily'::regclass, f.oid from pg_catalog.pg_opfamily f join"
                  + " pg_catalog.pg_namespace n on n.oid = f.opfnamespace where "
                  + userNs("f.opfnamespace"),
              "user-defined operators are not carried: drop them, " + PG_UPGRADE),
          new Rule(
              "select format('cast (%s as %s)', c.castsource::regtype, c.casttarget::regtype)"
                  + " as object, 'pg_cast'::regclass as cls, c.oid as id from pg_catalog.pg_cast"
                  + " c where c.oid >= 16384"
                  + " union all select format('conversion %I', conname), 'pg_conversion'::regclass,"
                  + " oid from pg_catalog.pg_conversion where "
                  + userNs("connamespace")
                  + " union all select format('transform for %s', trftype::regtype),"
                  + " 'pg_transform'::regclass, oid from pg_catalog.pg_transform"
                  + " union all select format('access method %I', amname), 'pg_am'::regclass,"
                  + " oid from pg_catalog.pg_am where oid >= 16384",
              "user-defined casts, conversions, transforms and access methods are not carried:"
                  + " drop them, "
                  + PG_UPGRADE),
          new Rule(
              "select format('text search configuration %I', cfgname) as object,"
                  + " 'pg_ts_config'::regclass as cls, oid as id from pg_catalog.pg_ts_config"
                  + " where "
                  + userNs("cfgnamespace")
                  + " union all select format('text search dictionary %I', dictname),"
                  + " 'pg_ts_dict'::regclass, oid from pg_catalog.pg_ts_dict where "
                  + userNs("dictnamespace")
                  + " union all select format('text search parser %I', prsname),"
                  + " 'pg_ts_parser'::regclass, oid from pg_catalog.pg_ts_parser where "
                  + userNs("prsnamespace")
                  + " union all select format('text search template %I', tmplname),"
                  + " 'pg_ts_template'::regclass, oid from pg_catalog.pg_ts_template where "
                  + userNs("tmplnamespace"),
              "text search objects are not carried: drop them, " + PG_UPGRADE),
          new Rule(
              "select format('aggregate %s', p.oid::regprocedure) as object,"
                  + " 'pg_proc'::regclass as cls, p.oid as id from pg_catalog.pg_proc p where"
                  + " p.prokind = 'a' and "
                  + userNs("p.pronamespace"),
              "user-defined aggregates are not carried: drop them, " + PG_UPGRADE),
          new Rule(
              "select format('language %I', lanname) as object, 'pg_language'::regclass as cls,"
                  + " oid as id from pg_catalog.pg_language where lanname not in ('internal',"
                  + " 'c', 'sql', 'plpgsql')",
              "procedural languages other than plpgsql are not carried: drop it, " + PG_UPGRADE),
          new Rule(
              "select format('foreign-data wrapper %I', fdwname) as object,"
                  + " 'pg_foreign_data_wrapper'::regclass as cls, oid as id from"
                  + " pg_catalog.pg_foreign_data_wrapper union all select format('foreign"
                  + " server %I', srvname), 'pg_foreign_server'::regclass, oid from"
                  + " pg_catalog.pg_foreign_server union all select format('foreign table %s',"
                  + " oid::regclass), 'pg_class'::regclass, oid from pg_catalog.pg_class where"
                  + " relkind = 'f'",
              "foreign data is not carried: drop it and create it again after the upgrade"),
          new Rule(
              "select format('event trigger %I', evtname) as object,"
                  + " 'pg_event_trigger'::regclass as cls, oid as id from"
                  + " pg_catalog.pg_event_trigger",
              "event triggers are not carried: drop it and create it again after the upgrade"),
          new Rule(
              "select format('rule %I on %s', r.rulename, r.ev_class::regclass) as object,"
                  + " 'pg_rewrite'::regclass as cls, r.oid as id from pg_catalog.pg_rewrite r"
                  + " join pg_catalog.pg_class c on c.oid = r.ev_class where r.rulename <>"
                  + " '_RETURN' and "
                  + userNs("c.relnamespace"),
              "rules are not carried: replace it with a trigger, or drop it and create it again"
                  + " after the upgrade"),
          new Rule(
              "select format('row-level security policy %I on %s', polname,"
                  + " polrelid::regclass) as object, null::regclass as cls, null::oid as id from"
                  + " pg_catalog.pg_policy union all select format('row-level security enabled"
                  + " on %s', oid::regclass), null, null from pg_catalog.pg_class where"
                  + " relrowsecurity or relforcerowsecurity",
              "row-level security is not carried: disable it and drop its policies, and set"
                  + " them again after the upgrade"),
          new Rule(
              "select format('large object %s', oid) as object, null::regclass as cls,"
                  + " null::oid as id from pg_catalog.pg_largeobject_metadata",
              "large objects are not carried: move them into bytea columns, or unlink them"),
          new Rule(
              "select format('partitioned table %s', oid::regclass) as object,"
                  + " 'pg_class'::regclass as cls, oid as id from pg_catalog.pg_class where"
                  + " relkind = 'p' union all select format('inheritance of %s from %s',"
                  + " inhrelid::regclass, inhparent::regclass), 'pg_class'::regclass, inhrelid"
                  + " from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid ="
                  + " i.inhrelid where c.relkind not in ('i', 'I')",
              "partitioned and inherited tables are not carried: " + PG_UPGRADE),
          new Rule(
              "select format('security label on %s %s', objtype, objname) as object,"
                  + " null::regclass as cls, null::oid as id from pg_catalog.pg_seclabels",
              "security labels are not carried: remove them, " + PG_UPGRADE));

  private static final List<Rule> IN_CLUSTER =
      List.of(
          new Rule(
              "select format('tablespace %I', spcname) as object from pg_catalog.pg_tablespace"
                  + " where spcname not in ('pg_default', 'pg_global')",
              "tablespaces other than the default are not carried: move what is in it to"
                  + " pg_default (ALTER TABLE ... SET TABLESPACE) and drop it"),
          new Rule(
              "select format('subscription %I in database %I', s.subname, d.datname) as"
                  + " object from pg_catalog.pg_subscription s join pg_catalog.pg_database d"
                  + " on d.oid = s.subdbid",
              "remove replication first (DROP SUBSCRIPTION); the plan builds it again after"
                  + " the upgrade"),
          new Rule(
              "select format('replication slot %I', slot_name) as object from"
                  + " pg_catalog.pg_replication_slots",
              "remove replication first (pg_drop_replication_slot); a slot does not survive a"
                  + " copy into a new cluster"),
          new Rule(
              "select format('prepared transaction %L in database %I', gid, database) as"
                  + " object from pg_catalog.pg_prepared_xacts",
              "commit it (COMMIT PREPARED) or roll it back (ROLLBACK PREPARED) first"),
          new Rule(
              "select format('database %I', datname) as object from pg_catalog.pg_database"
                  + " where not datallowconn and datname <> 'template0'",
              "it does not allow connections, so it cannot be copied: ALTER DATABASE ..."
                  + " ALLOW_CONNECTIONS true, or drop it"));

  /** Sentences for what database {@code db} (the session's) holds that is not carried. */
  static List<String> inDatabase(Connection conn, String db) throws DriverException {
    List<Rule> rules = new ArrayList<>();
    for (Rule r : IN_DATABASE) {
      rules.add(
          new Rule(
              "select object from ("
                  + r.sql()
                  + ") x where not exists (select 1 from pg_catalog.pg_depend e where e.classid"
                  + " = x.cls and e.objid = x.id and e.deptype = 'e')",
              r.advice()));
    }
    return apply(conn, rules, "database " + db + ": ");
  }

  /** Sentences for what the whole cluster holds that is not carried. */
  static List<String> inCluster(Connection conn) throws DriverException {
    return apply(conn, IN_CLUSTER, "");
  }

  /** The publications of the session's database: not carried, and not refused either. */
  static List<String> publications(Connection conn) throws DriverException {
    List<String> out = new ArrayList<>();
    for (Map<String, String> r :
        PgRows.of(
            conn,
            "reading the publications",
            "select pubname from pg_catalog.pg_publication order by 1")) {
      out.add(r.get("pubname"));
    }
    return out;
  }

  private static List<String> apply(Connection conn, List<Rule> rules, String where)
      throws DriverException {
    List<String> out = new ArrayList<>();
    for (Rule rule : rules) {
      List<String> objects = new ArrayList<>();
      for (Map<String, String> r :
          PgRows.of(conn, "looking for what the copy does not carry", rule.sql())) {
        objects.add(r.get("object"));
      }
      if (!objects.isEmpty()) {
        out.add(where + names(objects) + ": " + rule.advice());
      }
    }
    return out;
  }

  /** Up to ten names, then how many more. */
  static String names(List<String> all) {
    List<String> shown = all.subList(0, Math.min(10, all.size()));
    return String.join(", ", shown)
        + (all.size() > shown.size() ? " and " + (all.size() - shown.size()) + " more" : "");
  }
}
