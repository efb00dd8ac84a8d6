insert into public.link_001 values (1, 'first');
do $$
begin
  for i in 2..200 loop
    execute format('insert into public.%I values (1, %L, 1, 1)',
                   'link_' || lpad(i::text, 3, '0'), 'link ' || i);
  end loop;
end
$$;
