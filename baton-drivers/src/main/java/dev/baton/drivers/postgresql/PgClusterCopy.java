package dev.baton.drivers.postgresql;

import dev.baton.engine.DriverException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a cluster holds outside its databases, copied from one cluster into a new one over JDBC:
 * roles with their attributes and password verifiers (as they are: no password is ever known here),
 * memberships, the databases themselves (owner, encoding, locale, privileges), and the settings per
 * role and database, less Baton's own read-only fence.
 */
final class PgClusterCopy {

  private PgClusterCopy() {}

  /** The setting with which Baton fences a database's writes ({@link PgLogical#fenceWrites}). */
  static final String FENCE = "default_transaction_read_only=on";

  /**
   * Settings whose value is a list that the catalog keeps already quoted ({@code
   * search_path="$user", public}); pg_dump keeps the same list.
   */
  private static final Set<String> LIST_SETTINGS =
      Set.of(
          "local_preload_libraries",
          "search_path",
          "session_preload_libraries",
          "shared_preload_libraries",
          "temp_tablespaces",
          "unix_socket_directories");

  /** Every database there is to copy: all but template0, template1 and postgres first. */
  static List<String> databases(Connection src) throws DriverException {
    List<String> out = new ArrayList<>();
    for (Map<String, String> r :
        PgRows.of(
            src,
            "listing the databases",
            "select datname from pg_catalog.pg_database where datname <> 'template0' order by"
                + " datname <> 'template1', datname <> 'postgres', oid")) {
      out.add(r.get("datname"));
    }
    return out;
  }

  /** Creates or alters each role of {@code src} in {@code dst}, then their memberships. */
  static int roles(Connection src, Connection dst) throws DriverException {
    Set<String> there = new HashSet<>();
    PgRows.of(dst, "listing the new cluster's roles", "select rolname from pg_catalog.pg_roles")
        .forEach(r -> there.add(r.get("rolname")));
    List<Map<String, String>> roles =
        PgRows.of(
            src,
            "reading the roles",
            "select rolname, quote_ident(rolname) as name, rolsuper, rolinherit, rolcreaterole,"
                + " rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit,"
                + " quote_literal(rolpassword) as password, quote_literal(rolvaliduntil::text) as"
                + " until from pg_catalog.pg_authid where rolname !~ '^pg_' order by oid");
    for (Map<String, String> r : roles) {
      boolean exists = there.contains(r.get("rolname"));
      String head = (exists ? "alter role " : "create role ") + r.get("name");
      String sql =
          head
              + " with"
              + flag(r, "rolsuper", "superuser")
              + flag(r, "rolinherit", "inherit")
              + flag(r, "rolcreaterole", "createrole")
              + flag(r, "rolcreatedb", "createdb")
              + flag(r, "rolcanlogin", "login")
              + flag(r, "rolreplication", "replication")
              + flag(r, "rolbypassrls", "bypassrls")
              + " connection limit "
              + r.get("rolconnlimit")
              + " password "
              + (r.get("password") == null ? "null" : r.get("password"))
              + (r.get("until") == null ? "" : " valid until " + r.get("until"));
      // The verifier is not a password, but it is as good as one to an offline attack.
      PgRows.exec(dst, head, sql, head + " (password verifier not shown)");
    }
    for (Map<String, String> m :
        PgRows.of(
            src,
            "reading the role memberships",
            "select quote_ident(r.rolname) as role, quote_ident(m.rolname) as member,"
                + " quote_ident(g.rolname) as grantor, g.oid = 10 as bootstrap, am.admin_option"
                + " as admin, to_jsonb(am)->>'inherit_option' as inherit, to_jsonb(am)->>"
                + "'set_option' as set from pg_catalog.pg_auth_members am join"
                + " pg_catalog.pg_authid r on r.oid = am.roleid join pg_catalog.pg_authid m on"
                + " m.oid = am.member join pg_catalog.pg_authid g on g.oid = am.grantor where"
                + " m.rolname !~ '^pg_' order by g.oid <> 10, (to_jsonb(am)->>'oid')::bigint")) {
      StringBuilder sql =
          new StringBuilder("grant ")
              .append(m.get("role"))
              .append(" to ")
              .append(m.get("member"))
              .append(" with admin ")
              .append("t".equals(m.get("admin")));
      if (m.get("inherit") != null) {
        sql.append(", inherit ").append(m.get("inherit"));
      }
      if (m.get("set") != null) {
        sql.append(", set ").append(m.get("set"));
      }
      if (!"t".equals(m.get("bootstrap"))) {
        sql.append(" granted by ").append(m.get("grantor"));
      }
      PgRows.exec(dst, "granting " + m.get("role") + " to " + m.get("member"), sql.toString());
    }
    return roles.size();
  }

  private static String flag(Map<String, String> r, String column, String word) {
    return " " + ("t".equals(r.get(column)) ? "" : "no") + word;
  }

  /**
   * Creates database {@code db} in {@code dst} as it is in {@code src} (from template0, with its
   * owner, encoding, locale and connection limit), or gives the one initdb made its owner.
   */
  static void database(Connection src, Connection dst, String db, boolean exists)
      throws DriverException {
    Map<String, String> d =
        PgRows.of(
                src,
                "reading database " + db,
                "select quote_ident(datname) as name, quote_ident(pg_catalog.pg_get_userbyid("
                    + "datdba)) as owner, quote_literal(pg_catalog.pg_encoding_to_char(encoding))"
                    + " as encoding, quote_literal(datcollate) as collate, quote_literal(datctype)"
                    + " as ctype, datlocprovider as provider, quote_literal(coalesce(to_jsonb(d)"
                    + "->>'daticulocale', to_jsonb(d)->>'datlocale')) as locale,"
                    + " quote_literal(to_jsonb(d)->>'daticurules') as rules, datconnlimit as"
                    + " connlimit, datistemplate as template from pg_catalog.pg_database d where"
                    + " datname = "
                    + PgRows.literal(db))
            .get(0);
    String name = d.get("name");
    if (exists) {
      PgRows.exec(
          dst,
          "setting the owner of database " + db,
          "alter database "
              + name
              + " owner to "
              + d.get("owner")
              + "; alter database "
              + name
              + " connection limit "
              + d.get("connlimit"));
      return;
    }
    String provider =
        switch (d.get("provider")) {
          case "i" ->
              " locale_provider icu icu_locale "
                  + d.get("locale")
                  + (d.get("rules") == null ? "" : " icu_rules " + d.get("rules"));
          case "b" -> " locale_provider builtin builtin_locale " + d.get("locale");
          default -> " locale_provider libc";
        };
    PgRows.exec(
        dst,
        "creating database " + db,
        "create database "
            + name
            + " owner "
            + d.get("owner")
            + " template template0 encoding "
            + d.get("encoding")
            + " lc_collate "
            + d.get("collate")
            + " lc_ctype "
            + d.get("ctype")
            + provider
            + " connection limit "
            + d.get("connlimit")
            + " is_template "
            + "t".equals(d.get("template")));
  }

  /**
   * The databases' privileges, then the settings per role and database (after the schema copy, so
   * that a database's statement_timeout, say, does not govern the copy into it).
   */
  static int settings(Connection src, Connection dst) throws DriverException {
    for (Map<String, String> r :
        PgRows.of(
            src,
            "reading the databases' privileges",
            "select 0 as step, format('revoke all on database %I from public, %I', d.datname,"
                + " pg_catalog.pg_get_userbyid(d.datdba)) as stmt from pg_catalog.pg_database d"
                + " where d.datacl is not null and d.datname <> 'template0' union all select 1,"
                + " format('grant %s on database %I to %s%s', a.privilege_type, d.datname, case"
                + " when a.grantee = 0 then 'public' else quote_ident(pg_catalog.pg_get_userbyid("
                + "a.grantee)) end, case when a.is_grantable then ' with grant option' else ''"
                + " end) from pg_catalog.pg_database d, pg_catalog.aclexplode(d.datacl) a where"
                + " d.datname <> 'template0' order by 1")) {
      PgRows.exec(dst, "setting database privileges", r.get("stmt"));
    }
    int n = 0;
    for (Map<String, String> r :
        PgRows.of(
            src,
            "reading the settings per role and database",
            "select quote_ident(r.rolname) as role, quote_ident(d.datname) as db, c.item from"
                + " pg_catalog.pg_db_role_setting s left join pg_catalog.pg_authid r on r.oid ="
                + " s.setrole left join pg_catalog.pg_database d on d.oid = s.setdatabase,"
                + " pg_catalog.unnest(s.setconfig) c(item) where s.setdatabase = 0 or d.datname"
                + " <> 'template0'")) {
      String role = r.get("role");
      String db = r.get("db");
      String item = r.get("item");
      if (role == null && FENCE.equals(item)) {
        continue; // Baton's fence: the new cluster takes writes once the plan starts its clients
      }
      String target =
          role == null
              ? "alter database " + db
              : "alter role " + role + (db == null ? "" : " in database " + db);
      PgRows.exec(dst, "carrying the setting " + item, target + " set " + assignment(item));
      n++;
    }
    return n;
  }

  /** {@code name = value} for a catalog's {@code name=value} item. */
  static String assignment(String item) {
    int eq = item.indexOf('=');
    String name = item.substring(0, eq);
    String value = item.substring(eq + 1);
    return name + " = " + (LIST_SETTINGS.contains(name) ? value : PgRows.literal(value));
  }
}
