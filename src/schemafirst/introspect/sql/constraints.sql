-- Primary key, unique, foreign key and check constraints of the relations
-- relations.sql reads. Columns come in key order (conkey/confkey order), not
-- attnum order. The referenced table may lie outside the read schemas (e.g.
-- auth.users). Rows with conparentid <> 0 are clones Postgres adds for each
-- partition of a referenced partitioned table; the parent constraint says it all.
with relations as materialized (
  -- Materialized so the filters run once per relation, not once per constraint.
  select c.oid, n.nspname, c.relname
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any(%(schemas)s)
    and c.relkind in ('r', 'v', 'm', 'p', 'f')
    and not c.relispartition
    and not exists (
      select from pg_depend dep
      where dep.classid = 'pg_class'::regclass and dep.objid = c.oid and dep.deptype = 'e'
    )
)
select
  r.nspname as schema,
  r.relname as table_name,
  con.conname as name,
  con.contype as type,
  array(
    select a.attname::text
    from pg_attribute a
    where a.attrelid = con.conrelid and a.attnum = any(con.conkey)
    order by array_position(con.conkey, a.attnum)
  ) as columns,
  fn.nspname as ref_schema,
  fc.relname as ref_table,
  case when con.contype = 'f' then array(
    select a.attname::text
    from pg_attribute a
    where a.attrelid = con.confrelid and a.attnum = any(con.confkey)
    order by array_position(con.confkey, a.attnum)
  ) end as ref_columns,
  con.confupdtype as on_update,
  con.confdeltype as on_delete,
  con.confmatchtype as match_type,
  con.condeferrable as deferrable,
  con.condeferred as initially_deferred,
  coalesce(i.indnullsnotdistinct, false) as nulls_not_distinct,
  case when con.contype = 'c' then pg_get_expr(con.conbin, con.conrelid) end as expression
from relations r
join pg_constraint con on con.conrelid = r.oid
left join pg_class fc on fc.oid = con.confrelid
left join pg_namespace fn on fn.oid = fc.relnamespace
left join pg_index i on i.indexrelid = con.conindid and con.contype = 'u'
where con.contype in ('p', 'u', 'f', 'c')
  and con.conparentid = 0
order by r.nspname, r.relname, con.conname
