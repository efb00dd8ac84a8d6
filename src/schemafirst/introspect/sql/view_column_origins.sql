-- Where view columns come from: the builder records each as the column's
-- source, and proves NOT NULL from it where nothing can null it out
-- (Postgres reports every view column as nullable).
--
-- As PostgREST and the Supabase CLI do, we read the view's stored query tree
-- (pg_rewrite ev_action as text): a target entry of the top-level query that
-- is a plain column reference carries :resorigtbl/:resorigcol, which the
-- parser follows through joins, subqueries and CTEs. To find the top-level
-- target list (subqueries have their own), the tree is turned into JSON with
-- PostgREST's chain of replacements (SchemaCache.hs, allViewsKeyDependencies;
-- every field but targetList, resno, resorigtbl and resorigcol is dropped),
-- after one guard of ours: node text escapes blanks in names with a
-- backslash, but a name ending in, say, " :resno" would still read as that
-- field and break the JSON, so every escaped blank before a colon is
-- neutralised first (the names are dropped anyway).
--
-- An origin only implies NOT NULL in a "simple" view: one whose tree holds
-- exactly one Query (no subqueries, CTEs, sublinks or set operations),
-- exactly one range-table entry apart from the view itself (Postgres <= 15
-- stores OLD/NEW entries pointing at the view), which is a plain relation (no
-- joins, functions or, on Postgres 18, GROUP BY's group entry), without
-- aggregates or grouping sets. Names cannot fake these patterns (their blanks
-- are escaped), they can only make a view look less simple. Materialized
-- views are read the same way. Base columns may themselves be view columns:
-- the builder chains them. regexp_count needs Postgres 15+.
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
parsed as materialized (
  select
    v.oid,
    v.nspname,
    v.relname,
    regexp_count(v.tree, '\{QUERY ') = 1
      and strpos(v.tree, ':hasAggs false ') > 0
      and strpos(v.tree, ':groupingSets <> ') > 0
      and regexp_count(v.tree, ':rtekind ') - regexp_count(v.tree, v.self_entry) = 1
      and regexp_count(v.tree, ':rtekind 0 ') - regexp_count(v.tree, v.self_entry) = 1
      as simple,
    -- Innermost first: PostgREST's replacements, in its order.
    replace(replace(replace(replace(replace(replace(replace(
    regexp_replace(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
      replace(v.tree, '\ :', '\ _'),
      '<>', '()'),             -- an empty list, so json_array_elements sees []
      ',', ''),                -- commas only occur in names; the JSON needs its own
      '\{', ''),               -- escaped braces occur only in names
      '\}', ''),
      ' :targetList ', ',"targetList":'),
      ' :resno ', ',"resno":'),
      ' :resorigtbl ', ',"resorigtbl":'),
      ' :resorigcol ', ',"resorigcol":'),
      '{', '{ :'),             -- so the next pattern also drops node names
      '((', '{(('),            -- protect lists from it
      '({', '{({'),
      ' :[^}{,]+', ',"":', 'g'),  -- drop every other field
      ',"":}', '}'),
      ',"":,', ','),
      '{(', '('),
      '{,', '{'),
      '(', '['),
      ')', ']'),
      ' ', ',')::json -> 0 -> 'targetList' as target_list
  from trees v
),
origins as (
  select
    p.oid,
    p.nspname,
    p.relname,
    p.simple,
    (e ->> 'resno')::int2 as resno,
    (e ->> 'resorigtbl')::oid as base_oid,
    (e ->> 'resorigcol')::int2 as base_attnum
  from parsed p, json_array_elements(p.target_list) as e
  where e ->> 'resorigtbl' <> '0'
)
select
  o.nspname as schema,
  o.relname as table_name,
  va.attname as name,
  bn.nspname as base_schema,
  bc.relname as base_table,
  ba.attname as base_column,
  ba.attnotnull as base_not_null,
  o.simple
from origins o
-- Junk entries (ORDER BY an unselected expression) have no view column.
join pg_attribute va on va.attrelid = o.oid and va.attnum = o.resno and not va.attisdropped
join pg_class bc on bc.oid = o.base_oid
join pg_namespace bn on bn.oid = bc.relnamespace
join pg_attribute ba on ba.attrelid = o.base_oid and ba.attnum = o.base_attnum
order by o.nspname, o.relname, va.attnum
