-- Columns of the relations relations.sql reads, with their type facts. For
-- an array the type columns describe the element type; attndims is 0 for
-- arrays made by CREATE TABLE AS or views, hence greatest(). The 1-based
-- ordinal among live columns is counted by the builder from the attnum
-- order, so dropped columns leave no gap.
with relations as materialized (
  -- Materialized so the filters run once per relation, not once per column.
  select
    c.oid,
    n.nspname,
    c.relname,
    c.relkind,
    -- As the Supabase CLI decides it: an INSTEAD OF trigger or an
    -- unconditional INSTEAD rule on INSERT or UPDATE takes whole rows, so it
    -- makes every column of its view writable, which pg_column_is_updatable
    -- cannot say (it wants UPDATE and DELETE both, and ignores triggers when
    -- asked about auto-updatability). tgtype bits: 64 INSTEAD, 4 INSERT,
    -- 16 UPDATE; ev_type '2' UPDATE, '3' INSERT; ev_qual '<>' means no WHERE.
    c.relkind = 'v' and (
      exists (
        select from pg_trigger tg
        where tg.tgrelid = c.oid and tg.tgtype & 64 <> 0 and tg.tgtype & 20 <> 0
          and not tg.tgisinternal
      )
      or exists (
        select from pg_rewrite rw
        where rw.ev_class = c.oid and rw.is_instead and rw.ev_type in ('2', '3')
          and rw.ev_qual::text = '<>'
      )
    ) as rewrites_writes
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
  a.attname as name,
  a.attnum as attnum,
  tn.nspname as type_schema,
  et.typname as type_name,
  et.typtype as type_kind,
  format_type(a.atttypid, a.atttypmod) as type_display,
  case when t.oid = et.oid then 0 else greatest(a.attndims, 1) end as type_dimensions,
  a.atttypmod as type_modifier,
  not a.attnotnull as nullable,
  -- A generated column keeps its expression in pg_attrdef too; it is not a default.
  case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end as default,
  case when a.attgenerated <> '' then pg_get_expr(ad.adbin, ad.adrelid) end as generated,
  -- 's' stored, 'v' virtual (Postgres 18+), '' not generated.
  a.attgenerated as generated_kind,
  -- Only a view can refuse writes to some of its columns (an expression
  -- column); for other relations, writes are the relation's business.
  r.relkind <> 'v' or r.rewrites_writes
    or pg_column_is_updatable(r.oid, a.attnum, false) as updatable,
  a.attidentity as identity,
  d.description as comment
from relations r
join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
join pg_type t on t.oid = a.atttypid
-- The element type of a true array (the array type of its element: point,
-- name, int2vector and oidvector also have a typelem, and subscripts, but are
-- not arrays on the wire), else the type itself.
join pg_type et on et.oid = case
  when t.typelem <> 0
    and (select e.typarray from pg_type e where e.oid = t.typelem) = t.oid
    then t.typelem else t.oid
end
join pg_namespace tn on tn.oid = et.typnamespace
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_description d
  on d.objoid = a.attrelid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum
order by r.nspname, r.relname, a.attnum
