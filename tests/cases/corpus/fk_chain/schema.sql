-- 200 tables in a foreign-key chain: link_001 <- link_002 <- ... <- link_200,
-- each also pointing back at the first (so link_001 has 199 incoming
-- relationships). Built by a DO block so the file stays small.
create table public.link_001 (id integer primary key, label text);
do $$
begin
  for i in 2..200 loop
    execute format(
      'create table public.%I (id integer primary key, label text, '
      'previous_id integer references public.%I (id), first_id integer references public.link_001 (id))',
      'link_' || lpad(i::text, 3, '0'), 'link_' || lpad((i - 1)::text, 3, '0'));
  end loop;
end
$$;
