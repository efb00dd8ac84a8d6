-- Functions and procedures callable through the API: in the read schemas,
-- not aggregates or window functions, not trigger/handler/internal functions
-- (PostgREST cannot call them), not owned by an extension. Arguments come as
-- one JSON array per function in declaration order: proallargtypes lists
-- every argument (OUT and TABLE ones too) when any is not IN, else
-- proargtypes lists the IN ones. pronargdefaults counts the trailing input
-- arguments that have a default.
select
  n.nspname as schema,
  p.proname as name,
  pg_get_function_identity_arguments(p.oid) as identity_arguments,
  p.prokind as prokind,
  tn.nspname as type_schema,
  et.typname as type_name,
  et.typtype as type_kind,
  format_type(p.prorettype, null) as type_display,
  case when t.oid = et.oid then 0 else 1 end as type_dimensions,
  -1 as type_modifier,
  p.proretset as returns_set,
  p.provolatile as volatility,
  l.lanname as language,
  p.prosecdef as security_definer,
  p.pronargdefaults as defaults,
  coalesce(args.arguments, '[]'::json) as arguments,
  d.description as comment
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_language l on l.oid = p.prolang
join pg_type t on t.oid = p.prorettype
-- Element type of an array, else the type itself (as in columns.sql).
join pg_type et on et.oid = case
  when t.typelem <> 0
    and (select e.typarray from pg_type e where e.oid = t.typelem) = t.oid
    then t.typelem else t.oid
end
join pg_namespace tn on tn.oid = et.typnamespace
left join pg_description d
  on d.objoid = p.oid and d.classoid = 'pg_proc'::regclass and d.objsubid = 0
left join lateral (
  select json_agg(json_build_object(
    'name', coalesce(p.proargnames[k.position], ''),
    'mode', coalesce(p.proargmodes[k.position], 'i'),
    'type_schema', an.nspname,
    'type_name', aet.typname,
    'type_kind', aet.typtype,
    'type_display', format_type(k.type_oid, null),
    'type_dimensions', case when argt.oid = aet.oid then 0 else 1 end,
    'type_modifier', -1
  ) order by k.position) as arguments
  from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality
    as k (type_oid, position)
  join pg_type argt on argt.oid = k.type_oid
  join pg_type aet on aet.oid = case
    when argt.typelem <> 0
      and (select e.typarray from pg_type e where e.oid = argt.typelem) = argt.oid
      then argt.typelem else argt.oid
  end
  join pg_namespace an on an.oid = aet.typnamespace
) args on true
where n.nspname = any(%(schemas)s)
  and p.prokind in ('f', 'p')
  and p.prorettype <> all (array[
    'pg_catalog.trigger', 'pg_catalog.event_trigger', 'pg_catalog.internal',
    'pg_catalog.language_handler', 'pg_catalog.fdw_handler', 'pg_catalog.index_am_handler',
    'pg_catalog.table_am_handler', 'pg_catalog.tsm_handler'
  ]::regtype[])
  and not 'pg_catalog.internal'::regtype = any(p.proargtypes::oid[])
  and not exists (
    select from pg_depend dep
    where dep.classid = 'pg_proc'::regclass and dep.objid = p.oid and dep.deptype = 'e'
  )
order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) collate "C"
