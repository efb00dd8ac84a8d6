-- Row-level security policies of the relations relations.sql reads. Role
-- names are sorted (as the pg_policies view does); role 0 means PUBLIC.
with relations as materialized (
  -- Materialized so the filters run once per relation, not once per policy.
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
  p.polname as name,
  p.polcmd as command,
  p.polpermissive as permissive,
  case
    when p.polroles = '{0}'::oid[] then array['public']
    else array(
      select ro.rolname::text from pg_roles ro where ro.oid = any(p.polroles) order by ro.rolname
    )
  end as roles,
  pg_get_expr(p.polqual, p.polrelid) as using,
  pg_get_expr(p.polwithcheck, p.polrelid) as with_check
from relations r
join pg_policy p on p.polrelid = r.oid
order by r.nspname, r.relname, p.polname
