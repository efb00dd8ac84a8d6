-- Enum types of the read schemas, labels in enumsortorder (the order
-- ALTER TYPE ... ADD VALUE BEFORE/AFTER gives them, not alphabetical).
select
  n.nspname as schema,
  t.typname as name,
  array(
    select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder
  ) as labels,
  d.description as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
left join pg_description d
  on d.objoid = t.oid and d.classoid = 'pg_type'::regclass and d.objsubid = 0
where n.nspname = any(%(schemas)s)
  and t.typtype = 'e'
  and not exists (
    select from pg_depend dep
    where dep.classid = 'pg_type'::regclass and dep.objid = t.oid and dep.deptype = 'e'
  )
order by n.nspname, t.typname
