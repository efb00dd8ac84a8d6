-- A 1,000-column table (the limit is 1,600): 999 columns after the key, cycling
-- through common types, a few with comments, defaults and NOT NULL, plus a view
-- over all of it. Built by a DO block so the file stays small.
do $$
declare
  types text[] := array['text', 'integer', 'bigint', 'numeric(10,2)', 'boolean', 'timestamptz',
                        'date', 'uuid', 'jsonb', 'text[]', 'double precision', 'varchar(20)'];
begin
  execute (
    select format('create table public.wide (id integer primary key, %s)',
                  string_agg(format('%I %s', 'c' || lpad(i::text, 4, '0'),
                                    case when i % 97 = 0
                                      then 'text not null default ' || quote_literal('d' || i)
                                      else types[1 + i % array_length(types, 1)] end),
                             ', ' order by i))
    from generate_series(1, 999) as i
  );
  for i in 1..999 by 111 loop
    execute format('comment on column public.wide.%I is %L', 'c' || lpad(i::text, 4, '0'),
                   'Column ' || i || ' */ of 1,000');
  end loop;
end
$$;
create view public.wide_view as select * from public.wide;
