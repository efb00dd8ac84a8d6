insert into public.wide (id) values (1);
insert into public.wide (id, c0001, c0002, c0003, c0004, c0005, c0006, c0007, c0008, c0009, c0010)
  values (2, 1, 2, 3.5, true, '2024-01-01 00:00+00', '2024-01-01',
          '00000000-0000-4000-8000-000000000001', '{"k": 1}', '{a}', 1.5);
