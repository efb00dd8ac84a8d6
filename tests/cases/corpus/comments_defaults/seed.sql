-- One row per table, every default used: the canary texts become row data too.
do $$
declare
  t record;
begin
  for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind = 'r' and c.relname like 'canary %'
           order by c.relname loop
    execute format('insert into public.%I (id) values (1)', t.relname);
  end loop;
end
$$;
insert into public.canary_uses (id) values (1);
insert into public.texts (id) values (1);
insert into public.texts (id, "tricky check", controls) values (2, 'fine', E'\x01\u2028');
