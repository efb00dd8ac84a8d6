-- Free-standing composite types (CREATE TYPE ... AS (...), relkind 'c'), not
-- the row types every table has. Attributes come as one JSON array per type,
-- in attnum order, with the same type facts as columns.sql.
select
  n.nspname as schema,
  t.typname as name,
  coalesce(attrs.attributes, '[]'::json) as attributes,
  d.description as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
join pg_class c on c.oid = t.typrelid and c.relkind = 'c'
left join pg_description d
  on d.objoid = t.oid and d.classoid = 'pg_type'::regclass and d.objsubid = 0
left join lateral (
  select json_agg(json_build_object(
    'name', a.attname,
    'type_schema', tn.nspname,
    'type_name', et.typname,
    'type_kind', et.typtype,
    'type_display', format_type(a.atttypid, a.atttypmod),
    'type_dimensions', case when tt.oid = et.oid then 0 else greatest(a.attndims, 1) end,
    'type_modifier', a.atttypmod
  ) order by a.attnum) as attributes
  from pg_attribute a
  join pg_type tt on tt.oid = a.atttypid
  join pg_type et on et.oid = case
    when tt.typelem <> 0
      and (select e.typarray from pg_type e where e.oid = tt.typelem) = tt.oid
      then tt.typelem else tt.oid
  end
  join pg_namespace tn on tn.oid = et.typnamespace
  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
) attrs on true
where n.nspname = any(%(schemas)s)
  and t.typtype = 'c'
  and not exists (
    select from pg_depend dep
    where dep.classid = 'pg_type'::regclass and dep.objid = t.oid and dep.deptype = 'e'
  )
order by n.nspname, t.typname
