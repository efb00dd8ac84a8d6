-- Indexes that do not back a constraint of their own table (primary key,
-- unique and exclusion constraints are read as constraints). Key elements are
-- column names, or the expression text for expression elements (attnum 0);
-- INCLUDE columns follow the indnkeyatts key columns in indkey.
with relations as materialized (
  -- Materialized so the filters run once per relation, not once per index.
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
  ic.relname as name,
  i.indisunique as is_unique,
  am.amname as method,
  array(
    select case
      when k.attnum = 0 then pg_get_indexdef(i.indexrelid, k.position::int, false)
      else a.attname::text
    end
    from unnest(i.indkey::int2[]) with ordinality as k (attnum, position)
    left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where k.position <= i.indnkeyatts
    order by k.position
  ) as elements,
  array(
    select k.attnum = 0
    from unnest(i.indkey::int2[]) with ordinality as k (attnum, position)
    where k.position <= i.indnkeyatts
    order by k.position
  ) as expressions,
  array(
    select a.attname::text
    from unnest(i.indkey::int2[]) with ordinality as k (attnum, position)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where k.position > i.indnkeyatts
    order by k.position
  ) as include,
  pg_get_expr(i.indpred, i.indrelid) as predicate,
  pg_get_indexdef(i.indexrelid) as definition
from relations r
join pg_index i on i.indrelid = r.oid
join pg_class ic on ic.oid = i.indexrelid
join pg_am am on am.oid = ic.relam
where not exists (
  select from pg_constraint con
  where con.conrelid = i.indrelid
    and con.conindid = i.indexrelid
    and con.contype in ('p', 'u', 'x')
)
order by r.nspname, r.relname, ic.relname
