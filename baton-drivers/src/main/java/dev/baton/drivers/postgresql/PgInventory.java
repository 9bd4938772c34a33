package dev.baton.drivers.postgresql;

import static dev.baton.drivers.postgresql.PgNotCarried.userNs;

import dev.baton.engine.DriverException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a database or a cluster holds, listed the same way on both servers so that a copy is checked
 * against its source before it replaces it: one line per object (its kind, name, and what defines
 * it that the copy sets), and each table's exact row count.
 */
record PgInventory(TreeSet<String> objects, TreeMap<String, Long> rows) {

  private static final String DATABASE_SQL =
      "select 'schema ' || quote_ident(nspname) as item from pg_catalog.pg_namespace where "
          + userNs("oid")
          + " union all select format('%s %s', case c.relkind when 'r' then 'table' when 'v'"
          + " then 'view' when 'm' then 'materialized view' when 'S' then 'sequence' else 'index'"
          + " end, c.oid::pg_catalog.regclass) from pg_catalog.pg_class c where c.relkind in"
          + " ('r', 'v', 'm', 'S', 'i') and "
          + userNs("c.relnamespace")
          + " union all select format('column %s.%I %s%s%s', c.oid::pg_catalog.regclass,"
          + " a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), case when a.attnotnull"
          + " then ' not null' else '' end, case when a.attidentity <> '' then ' identity' when"
          + " a.attgenerated <> '' then ' generated' when a.atthasdef then ' default' else ''"
          + " end) from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid ="
          + " a.attrelid where c.relkind in ('r', 'v', 'm') and a.attnum > 0 and not"
          + " a.attisdropped and "
          + userNs("c.relnamespace")
          + " union all select format('constraint %I on %s (%s)', k.conname,"
          + " k.conrelid::pg_catalog.regclass, k.contype) from pg_catalog.pg_constraint k join"
          + " pg_catalog.pg_class c on c.oid = k.conrelid where "
          + userNs("c.relnamespace")
          + " union all select format('function %s', p.oid::pg_catalog.regprocedure) from"
          + " pg_catalog.pg_proc p where "
          + userNs("p.pronamespace")
          + " union all select format('trigger %I on %s', t.tgname,"
          + " t.tgrelid::pg_catalog.regclass) from pg_catalog.pg_trigger t join"
          + " pg_catalog.pg_class c on c.oid = t.tgrelid where not t.tgisinternal and "
          + userNs("c.relnamespace")
          + " union all select format('type %s', t.oid::pg_catalog.regtype) from"
          + " pg_catalog.pg_type t where t.typtype = 'e' and "
          + userNs("t.typnamespace")
          + " union all select format('sequence %I.%I at %s', schemaname, sequencename,"
          + " coalesce(last_value::text, 'its start')) from pg_catalog.pg_sequences";

  private static final String CLUSTER_SQL =
      "select format('role %I%s%s%s%s%s%s%s limit %s password %s until %s', rolname, case when"
          + " rolsuper then ' superuser' else '' end, case when rolinherit then ' inherit' else ''"
          + " end, case when rolcreaterole then ' createrole' else '' end, case when rolcreatedb"
          + " then ' createdb' else '' end, case when rolcanlogin then ' login' else '' end, case"
          + " when rolreplication then ' replication' else '' end, case when rolbypassrls then '"
          + " bypassrls' else '' end, rolconnlimit, coalesce(md5(rolpassword), 'none'),"
          + " coalesce(rolvaliduntil::text, 'always')) as item from pg_catalog.pg_authid where"
          + " rolname !~ '^pg_'"
          + " union all select format('%I member of %I admin %s inherit %s set %s', m.rolname,"
          + " r.rolname, am.admin_option, to_jsonb(am)->>'inherit_option',"
          + " to_jsonb(am)->>'set_option') from pg_catalog.pg_auth_members am join"
          + " pg_catalog.pg_authid r on r.oid = am.roleid join pg_catalog.pg_authid m on m.oid ="
          + " am.member where m.rolname !~ '^pg_'"
          + " union all select format('database %I owner %I encoding %s collate %s ctype %s limit"
          + " %s template %s privileges %s', datname, pg_catalog.pg_get_userbyid(datdba),"
          + " pg_catalog.pg_encoding_to_char(encoding), datcollate, datctype, datconnlimit,"
          + " datistemplate, coalesce(datacl::text, 'default')) from pg_catalog.pg_database where"
          + " datname <> 'template0'"
          + " union all select format('setting %s in %s for %s', c.item, coalesce(quote_ident("
          + "d.datname), 'every database'), coalesce(quote_ident(r.rolname), 'every role')) from"
          + " pg_catalog.pg_db_role_setting s left join pg_catalog.pg_authid r on r.oid ="
          + " s.setrole left join pg_catalog.pg_database d on d.oid = s.setdatabase,"
          + " pg_catalog.unnest(s.setconfig) c(item) where not (s.setrole = 0 and c.item = "
          + PgRows.literal(PgClusterCopy.FENCE)
          + ")";

  /** The objects and row counts of the session's database. */
  static PgInventory ofDatabase(Connection conn, String where) throws DriverException {
    PgRows.exec(conn, where + ": preparing the check", "set search_path = ''");
    TreeSet<String> objects = items(conn, where, DATABASE_SQL);
    TreeMap<String, Long> rows = new TreeMap<>();
    for (Map<String, String> t :
        PgRows.of(
            conn,
            where + ": listing the tables",
            "select c.oid::pg_catalog.regclass::text as name from pg_catalog.pg_class c where"
                + " c.relkind = 'r' and "
                + userNs("c.relnamespace"))) {
      String name = t.get("name");
      rows.put(
          name,
          Long.parseLong(
              PgRows.one(conn, where + ": counting " + name, "select count(*) from " + name)));
    }
    return new PgInventory(objects, rows);
  }

  /** The roles, memberships, databases and settings of the session's cluster. */
  static PgInventory ofCluster(Connection conn, String where) throws DriverException {
    return new PgInventory(items(conn, where, CLUSTER_SQL), new TreeMap<>());
  }

  private static TreeSet<String> items(Connection conn, String where, String sql)
      throws DriverException {
    TreeSet<String> out = new TreeSet<>();
    PgRows.of(conn, where + ": listing what it holds", sql).forEach(r -> out.add(r.get("item")));
    return out;
  }

  long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How {@code copy} differs from this, one phrase each; empty when it is the same. */
  List<String> differences(PgInventory copy) {
    List<String> out = new ArrayList<>();
    for (String o : objects) {
      if (!copy.objects.contains(o)) {
        out.add("missing in the copy: " + o);
      }
    }
    for (String o : copy.objects) {
      if (!objects.contains(o)) {
        out.add("only in the copy: " + o);
      }
    }
    rows.forEach(
        (table, n) -> {
          Long there = copy.rows.get(table);
          if (there != null && there.longValue() != n) {
            out.add(table + " has " + n + " rows, the copy " + there);
          }
        });
    return out;
  }
}
