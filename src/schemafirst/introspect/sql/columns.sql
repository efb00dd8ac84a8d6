-- Columns of the relations relations.sql reads, with their type facts. For
-- an array the type columns describe the element type; attndims is 0 for
-- arrays made by CREATE TABLE AS or views, hence greatest(). The 1-based
-- ordinal among live columns is counted by the builder from the attnum
-- order, so dropped columns leave no gap.
with relations as materialized (
  -- Materialized so the filters run once per relation, not once per column.
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
  a.attidentity as identity,
  d.description as comment
from relations r
join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
join pg_type t on t.oid = a.atttypid
-- The element type of a true array (typsubscript tells those from types such
-- as point or name that also have a typelem), else the type itself.
join pg_type et on et.oid = case
  when t.typsubscript = 'array_subscript_handler'::regproc then t.typelem else t.oid
end
join pg_namespace tn on tn.oid = et.typnamespace
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_description d
  on d.objoid = a.attrelid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum
order by r.nspname, r.relname, a.attnum
