-- Relations of the read schemas: tables, views, materialized views,
-- partitioned tables (the parent only: partitions are an implementation
-- detail of it) and foreign tables. Objects owned by an extension are skipped.
select
  n.nspname as schema,
  c.relname as name,
  c.relkind as relkind,
  c.relrowsecurity as rls_enabled,
  c.relforcerowsecurity as rls_forced,
  -- Only views and foreign tables can refuse writes; asking for tables would
  -- open every relation for nothing. Bits: 8 = INSERT, 4 = UPDATE, 16 = DELETE.
  -- For a foreign table the function asks its wrapper's handler, and raises when
  -- the wrapper has none (legal: such a table can be declared, never read).
  case
    when c.relkind = 'f' and not exists (
      select from pg_foreign_table ft
      join pg_foreign_server s on s.oid = ft.ftserver
      join pg_foreign_data_wrapper w on w.oid = s.srvfdw
      where ft.ftrelid = c.oid and w.fdwhandler <> 0
    ) then 0
    when c.relkind in ('v', 'f') then pg_relation_is_updatable(c.oid::regclass, false)
    when c.relkind in ('r', 'p') then 28
    else 0
  end as updatable_events,
  case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid, true) end as view_definition,
  d.description as comment
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
where n.nspname = any(%(schemas)s)
  and c.relkind in ('r', 'v', 'm', 'p', 'f')
  and not c.relispartition
  and not exists (
    select from pg_depend dep
    where dep.classid = 'pg_class'::regclass and dep.objid = c.oid and dep.deptype = 'e'
  )
order by n.nspname, c.relname
