-- Where the columns of simple views come from, so the builder can prove them
-- NOT NULL (Postgres reports every view column as nullable).
--
-- As PostgREST does, we read the view's stored query tree (pg_rewrite
-- ev_action as text): a target entry that is a plain column reference carries
-- :resorigtbl/:resorigcol. That origin only implies NOT NULL when nothing can
-- null it out, so we keep views whose tree holds exactly one Query (no
-- subqueries, CTEs, sublinks or set operations), exactly one range-table
-- entry apart from the view itself (Postgres <= 15 stores OLD/NEW entries
-- pointing at the view), which is a plain relation (no joins, functions or,
-- on Postgres 18, GROUP BY's group entry), without aggregates or grouping
-- sets. Node text escapes blanks in names with a backslash, so the patterns
-- below cannot match inside an identifier. Materialized views are read the
-- same way. Base columns may themselves be view columns: the builder chains
-- them. regexp_count needs Postgres 15+.
with trees as materialized (
  select
    c.oid,
    n.nspname,
    c.relname,
    r.ev_action::text as tree,
    ':rtekind 0 :relid ' || c.oid || ' ' as self_entry
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_rewrite r on r.ev_class = c.oid and r.rulename = '_RETURN'
  where n.nspname = any(%(schemas)s)
    and c.relkind in ('v', 'm')
    and not exists (
      select from pg_depend dep
      where dep.classid = 'pg_class'::regclass and dep.objid = c.oid and dep.deptype = 'e'
    )
),
simple as materialized (
  select v.*
  from trees v
  where regexp_count(v.tree, '\{QUERY ') = 1
    and strpos(v.tree, ':hasAggs false ') > 0
    and strpos(v.tree, ':groupingSets <> ') > 0
    and regexp_count(v.tree, ':rtekind ') - regexp_count(v.tree, v.self_entry) = 1
    and regexp_count(v.tree, ':rtekind 0 ') - regexp_count(v.tree, v.self_entry) = 1
),
-- Target entries are stored in resno order, so the n-th origin is column n.
origins as (
  select
    v.oid,
    v.nspname,
    v.relname,
    m.resno::int2 as resno,
    m.origin[1]::oid as base_oid,
    m.origin[2]::int2 as base_attnum
  from simple v,
    regexp_matches(v.tree, ':resorigtbl (\d+) :resorigcol (\d+)', 'g')
      with ordinality as m (origin, resno)
  where m.origin[1] <> '0'
)
select
  o.nspname as schema,
  o.relname as table_name,
  va.attname as name,
  bn.nspname as base_schema,
  bc.relname as base_table,
  ba.attname as base_column,
  ba.attnotnull as base_not_null
from origins o
join pg_attribute va on va.attrelid = o.oid and va.attnum = o.resno and not va.attisdropped
join pg_class bc on bc.oid = o.base_oid
join pg_namespace bn on bn.oid = bc.relnamespace
join pg_attribute ba on ba.attrelid = o.base_oid and ba.attnum = o.base_attnum
order by o.nspname, o.relname, va.attnum
