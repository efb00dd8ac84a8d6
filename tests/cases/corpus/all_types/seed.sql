insert into public.base_types values (
  1, '=r/postgres', B'101', true, '((0,0),(1,1))', 'ab', '\x00ff', 'x', '7', '10.0.0.0/8',
  '<(0,0),1>', '2024-02-29', '{[2024-01-01,2024-01-05)}', '[2024-01-01,2024-02-01)', 1.5, 2.25,
  null, '192.168.0.1/24', 32767, -2147483648, '{[1,5),[7,9)}', '[1,10)', 9007199254740993,
  '{[1,2)}', '[1,3)', '1 year 2 mons 3 days 04:05:06.789', '{"a": [1, "two", null]}',
  '{"b": {"c": false}}', '$.a[*] ? (@ > 1)', '{1,-1,0}', '[(0,0),(1,1)]', '08:00:2b:01:02:03',
  '08:00:2b:01:02:03:04:05', '12.34', 'a_name', 12345678.1234, '{[1.5,2.5]}', '[0.5,1.5)', 1259,
  '[(0,0),(1,1),(2,0)]', null, null, null, '0/16B6C50', null, null, null, '10:20:10,14,15',
  '(1,2)', '((0,0),(1,1),(1,0))', 'cursor_name', 'pg_class', '"default"', 'english', 'simple',
  'pg_catalog', '||/', '+(integer,integer)', 'now', 'now()', 'postgres', 'integer', 'text', '(0,1)',
  '12:34:56.789', '2024-01-01 12:00:00', '2024-01-01 12:00:00+02', '12:00:00+02',
  '{[2024-01-01 00:00,2024-01-02 00:00)}', 'fat & rat', '[2024-01-01 00:00,2024-01-02 00:00)',
  '{[2024-01-01 00:00+00,2024-01-02 00:00+00)}', '[2024-01-01 00:00+00,2024-01-02 00:00+00)',
  'a fat cat', '10:20:10,14,15', '00000000-0000-4000-8000-000000000001', B'1010', 'varchar',
  '12345', '12345', null, '1 2', '23 25', 3.14, '1 day 02:03:04.5', 1.25, 'y', 'plain'
);
insert into public.base_types (id) values (2);
insert into public.array_types (id, "bool", "int4", "text", "jsonb", "uuid", "numeric", "int4range",
  "timestamptz", "bytea", "inet", "point", "interval", "date", "money", "char")
values (1, '{true,null}', '{1,2,null}', '{"a","b c",null,"\"q\""}', array['{"a":1}'::jsonb, null],
  '{00000000-0000-4000-8000-000000000001}', '{1.5,2.25}', '{"[1,2)"}',
  '{"2024-01-01 00:00+00"}', '{"\\x00ff"}', '{10.0.0.1}', '{"(1,2)"}', '{"1 day"}',
  '{2024-01-01}', '{1.50}', '{a,b}');
insert into public.array_types (id) values (2);
insert into public.user_types (id, moods_2d, address, addresses, person, floats, floats_multi,
  positive, small, email, emails, tags, address_domain, nested, int_2d, int_3d, text_fixed)
values (1, '{{happy,sad},{sad,happy}}', row('Main', '123', '{a}', 'happy'),
  array[row('A', '1', null, null)::public.address],
  row('Ann', row('B', '2', '{}', 'sad'), array[row('C', null, null, 'it''s "ok"')::public.address], '2000-01-01'),
  '[1.5,2.5)', '{[1,2),[3,4)}', 5, 50, 'a@b.c', '{x@y.z}', '{t}',
  row('D', '4', '{}', 'happy'), '{1.25,2.5}', '{{1,2},{3,4}}', '{{{1}},{{2}}}', '{a,b,c}');
insert into public.user_types (id, email) values (2, 'only@required.org');
