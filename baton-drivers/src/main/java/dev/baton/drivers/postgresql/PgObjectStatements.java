package dev.baton.drivers.postgresql;

import static dev.baton.drivers.postgresql.PgNotCarried.userNs;

/**
 * Queries by which a source database writes, one row ({@code stmt}) each, the statements that make
 * its objects again in another cluster: constraints, indexes, triggers, statistics, table settings,
 * owners, privileges and comments ({@link PgSchemaCopy} runs them in that order). Names come out
 * schema-qualified and quoted, as the source's session has an empty search_path.
 */
final class PgObjectStatements {

  private PgObjectStatements() {}

  /** Constraints of user tables; {@code %s} picks foreign keys or the others. */
  static final String CONSTRAINTS_SQL =
      "select format('alter table %%s add constraint %%I %%s', k.conrelid::pg_catalog.regclass,"
          + " k.conname, pg_catalog.pg_get_constraintdef(k.oid)) as stmt from"
          + " pg_catalog.pg_constraint k join pg_catalog.pg_class c on c.oid = k.conrelid where"
          + " c.relkind = 'r' and k.contype in ('p', 'u', 'x', 'c', 'f') and k.contype %s and "
          + userNs("c.relnamespace").replace("%", "%%")
          + " order by case k.contype when 'p' then 0 when 'u' then 1 when 'x' then 2 else 3"
          + " end, k.oid";

  /**
   * Valid indexes of user relations that no constraint made (those come with their constraint);
   * {@code %s} picks tables or materialized views.
   */
  static final String INDEXES_SQL =
      "select pg_catalog.pg_get_indexdef(i.indexrelid) as stmt from pg_catalog.pg_index i join"
          + " pg_catalog.pg_class c on c.oid = i.indrelid where c.relkind = %s and i.indisvalid"
          + " and not exists (select 1 from pg_catalog.pg_constraint k where k.conindid ="
          + " i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x')) and "
          + userNs("c.relnamespace").replace("%", "%%")
          + " order by i.indexrelid";

  /** User triggers, of tables and views. */
  static final String TRIGGERS_SQL =
      "select pg_catalog.pg_get_triggerdef(t.oid) as stmt from pg_catalog.pg_trigger t join"
          + " pg_catalog.pg_class c on c.oid = t.tgrelid where not t.tgisinternal and "
          + userNs("c.relnamespace")
          + " order by t.oid";

  /** Triggers that are disabled, or fire only in replica mode or always. */
  static final String TRIGGER_STATES_SQL =
      "select format('alter table %s %s trigger %I', t.tgrelid::pg_catalog.regclass, case"
          + " t.tgenabled when 'D' then 'disable' when 'R' then 'enable replica' else 'enable"
          + " always' end, t.tgname) as stmt from pg_catalog.pg_trigger t join"
          + " pg_catalog.pg_class c on c.oid = t.tgrelid where not t.tgisinternal and c.relkind ="
          + " 'r' and t.tgenabled <> 'O' and "
          + userNs("c.relnamespace")
          + " order by t.oid";

  static final String STATISTICS_SQL =
      "select pg_catalog.pg_get_statisticsobjdef(s.oid) as stmt from pg_catalog.pg_statistic_ext"
          + " s where "
          + userNs("s.stxnamespace")
          + " order by s.oid";

  /** Replica identities other than the default, and the index a table is clustered on. */
  static final String TABLE_SETTINGS_SQL =
      "select format('alter table %s replica identity %s', c.oid::pg_catalog.regclass, case"
          + " c.relreplident when 'f' then 'full' when 'n' then 'nothing' else 'using index ' ||"
          + " (select quote_ident(x.relname) from pg_catalog.pg_index i join pg_catalog.pg_class x"
          + " on x.oid = i.indexrelid where i.indrelid = c.oid and i.indisreplident) end) as stmt"
          + " from pg_catalog.pg_class c where c.relkind = 'r' and c.relreplident <> 'd' and "
          + userNs("c.relnamespace")
          + " union all select format('alter table %s cluster on %I', c.oid::pg_catalog.regclass,"
          + " x.relname) from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid ="
          + " i.indrelid join pg_catalog.pg_class x on x.oid = i.indexrelid where i.indisclustered"
          + " and "
          + userNs("c.relnamespace");

  /**
   * Owners of everything made here. A sequence a column owns follows its table's owner (ALTER TABLE
   * OWNER moves it too, and an identity sequence's owner cannot be set).
   */
  static final String OWNERS_SQL =
      "select format('alter schema %I owner to %I', n.nspname, pg_catalog.pg_get_userbyid("
          + "n.nspowner)) as stmt from pg_catalog.pg_namespace n where "
          + userNs("n.oid")
          + " union all select format('alter type %s owner to %I', t.oid::pg_catalog.regtype,"
          + " pg_catalog.pg_get_userbyid(t.typowner)) from pg_catalog.pg_type t where t.typtype ="
          + " 'e' and "
          + userNs("t.typnamespace")
          + " union all select format('alter routine %s owner to %I',"
          + " p.oid::pg_catalog.regprocedure, pg_catalog.pg_get_userbyid(p.proowner)) from"
          + " pg_catalog.pg_proc p where p.prokind in ('f', 'p', 'w') and "
          + userNs("p.pronamespace")
          + " union all select format('alter %s %s owner to %I', case c.relkind when 'r' then"
          + " 'table' when 'v' then 'view' when 'm' then 'materialized view' else 'sequence'"
          + " end, c.oid::pg_catalog.regclass, pg_catalog.pg_get_userbyid(c.relowner)) from"
          + " pg_catalog.pg_class c where c.relkind in ('r', 'v', 'm', 'S') and not exists"
          + " (select 1 from pg_catalog.pg_depend d where c.relkind = 'S' and d.classid ="
          + " 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and d.deptype in"
          + " ('a', 'i')) and "
          + userNs("c.relnamespace")
          + " union all select format('alter statistics %I.%I owner to %I', n.nspname,"
          + " s.stxname, pg_catalog.pg_get_userbyid(s.stxowner)) from pg_catalog.pg_statistic_ext"
          + " s join pg_catalog.pg_namespace n on n.oid = s.stxnamespace where "
          + userNs("s.stxnamespace");

  /**
   * Privileges that differ from the defaults: each such object's defaults are revoked (PUBLIC's and
   * the owner's, all a new object has) and every grant of the old one made again, then column
   * grants and default privileges. Grants are recorded as the owner's, whoever made them.
   */
  static final String PRIVILEGES_SQL =
      "with o as (select 'schema' as word, quote_ident(n.nspname) as name, n.nspowner as owner,"
          + " n.nspacl as acl from pg_catalog.pg_namespace n where n.nspacl is not null and "
          + userNs("n.oid")
          + " union all select 'type', t.oid::pg_catalog.regtype::text, t.typowner, t.typacl from"
          + " pg_catalog.pg_type t where t.typtype = 'e' and t.typacl is not null and "
          + userNs("t.typnamespace")
          + " union all select 'routine', p.oid::pg_catalog.regprocedure::text, p.proowner,"
          + " p.proacl from pg_catalog.pg_proc p where p.prokind in ('f', 'p', 'w') and p.proacl"
          + " is not null and "
          + userNs("p.pronamespace")
          + " union all select case c.relkind when 'S' then 'sequence' else 'table' end,"
          + " c.oid::pg_catalog.regclass::text, c.relowner, c.relacl from pg_catalog.pg_class c"
          + " where c.relkind in ('r', 'v', 'm', 'S') and c.relacl is not null and "
          + userNs("c.relnamespace")
          + "), d as (select format('alter default privileges for role %I%s',"
          + " pg_catalog.pg_get_userbyid(d.defaclrole), case when d.defaclnamespace = 0 then ''"
          + " else format(' in schema %I', n.nspname) end) as prefix, case d.defaclobjtype when"
          + " 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then"
          + " 'types' else 'schemas' end as what, d.defaclnamespace = 0 as global, d.defaclrole,"
          + " d.defaclacl as acl from pg_catalog.pg_default_acl d left join"
          + " pg_catalog.pg_namespace n on n.oid = d.defaclnamespace)"
          + " select 0 as step, format('revoke all on %s %s from public, %I', o.word, o.name,"
          + " pg_catalog.pg_get_userbyid(o.owner)) as stmt from o"
          + " union all select 0, format('%s revoke all on %s from public, %I', d.prefix, d.what,"
          + " pg_catalog.pg_get_userbyid(d.defaclrole)) from d where d.global"
          + " union all select 1, format('grant %s on %s %s to %s%s', a.privilege_type, o.word,"
          + " o.name, "
          + grantee("a")
          + ") from o, pg_catalog.aclexplode(o.acl) a"
          + " union all select 1, format('grant %s (%I) on table %s to %s%s', a.privilege_type,"
          + " att.attname, c.oid::pg_catalog.regclass, "
          + grantee("a")
          + ") from pg_catalog.pg_attribute att join pg_catalog.pg_class c on c.oid ="
          + " att.attrelid, pg_catalog.aclexplode(att.attacl) a where att.attacl is not null and"
          + " att.attnum > 0 and not att.attisdropped and c.relkind in ('r', 'v', 'm') and "
          + userNs("c.relnamespace")
          + " union all select 1, format('%s grant %s on %s to %s%s', d.prefix, a.privilege_type,"
          + " d.what, "
          + grantee("a")
          + ") from d, pg_catalog.aclexplode(d.acl) a order by 1";

  /** The grantee of an aclexplode row {@code a} and its grant option, as two format arguments. */
  private static String grantee(String a) {
    return "case when "
        + a
        + ".grantee = 0 then 'public' else quote_ident(pg_catalog.pg_get_userbyid("
        + a
        + ".grantee)) end, case when "
        + a
        + ".is_grantable then ' with grant option' else '' end";
  }

  static final String COMMENTS_SQL =
      "select case when d.objsubid = 0 then format('comment on %s %s is %L', case c.relkind when"
          + " 'r' then 'table' when 'v' then 'view' when 'm' then 'materialized view' else"
          + " 'sequence' end, c.oid::pg_catalog.regclass, d.description) else format('comment on"
          + " column %s.%I is %L', c.oid::pg_catalog.regclass, a.attname, d.description) end as"
          + " stmt from pg_catalog.pg_description d join pg_catalog.pg_class c on d.classoid ="
          + " 'pg_catalog.pg_class'::pg_catalog.regclass and d.objoid = c.oid left join"
          + " pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid where"
          + " c.relkind in ('r', 'v', 'm', 'S') and (d.objsubid = 0 or a.attname is not null) and "
          + userNs("c.relnamespace")
          + " union all select format('comment on schema %I is %L', n.nspname, d.description)"
          + " from pg_catalog.pg_description d join pg_catalog.pg_namespace n on d.classoid ="
          + " 'pg_catalog.pg_namespace'::pg_catalog.regclass and d.objoid = n.oid where "
          + userNs("n.oid");
}
