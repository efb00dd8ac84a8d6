-- Domains of the read schemas with their base type (typbasetype/typtypmod;
-- for a domain over an array, the element type and typndims), NOT NULL,
-- default and CHECK constraints (by name). Domain NOT NULL constraints, which
-- Postgres 17+ also lists in pg_constraint, are read from typnotnull instead.
select
  n.nspname as schema,
  t.typname as name,
  tn.nspname as type_schema,
  et.typname as type_name,
  et.typtype as type_kind,
  format_type(t.typbasetype, t.typtypmod) as type_display,
  case when bt.oid = et.oid then 0 else greatest(t.typndims, 1) end as type_dimensions,
  t.typtypmod as type_modifier,
  not t.typnotnull as nullable,
  pg_get_expr(t.typdefaultbin, 0) as default,
  coalesce(
    (
      select json_agg(json_build_object(
        'name', con.conname, 'expression', pg_get_expr(con.conbin, 0)
      ) order by con.conname)
      from pg_constraint con
      where con.contypid = t.oid and con.contype = 'c'
    ),
    '[]'::json
  ) as checks,
  d.description as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
join pg_type bt on bt.oid = t.typbasetype
join pg_type et on et.oid = case
  when bt.typelem <> 0
    and (select e.typarray from pg_type e where e.oid = bt.typelem) = bt.oid
    then bt.typelem else bt.oid
end
join pg_namespace tn on tn.oid = et.typnamespace
left join pg_description d
  on d.objoid = t.oid and d.classoid = 'pg_type'::regclass and d.objsubid = 0
where n.nspname = any(%(schemas)s)
  and t.typtype = 'd'
  and not exists (
    select from pg_depend dep
    where dep.classid = 'pg_type'::regclass and dep.objid = t.oid and dep.deptype = 'e'
  )
order by n.nspname, t.typname
