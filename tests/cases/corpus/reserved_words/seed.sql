insert into public."select" (id, "type", "json", "Mapped", "BaseModel", "enum", "Database", "z",
  "Record", "__proto__", "constructor", "toString", "Json", "datetime", "decimal", "uuid")
values (1, '__proto__', 'undefined', 'relationship', row('a', 'b', 'c', 1)::public."BaseModel",
  'StrEnum', 'Tables', 'object', row(1, 'x')::public."Record", 'proto', 'ctor', 'str',
  '{"__proto__": {"polluted": true}, "constructor": 1}', '2024-01-01 00:00+00', 1.5,
  '00000000-0000-0000-0000-000000000001');
insert into public."class" (id, "select_id") values (1, 1);
insert into public."__proto__" (id, "__proto__", "toString") values (1, 'p', 't');
insert into public."type" (id, "type") values (1, 'constructor');
insert into public."self" (id, "self") values (1, null), (2, 1);
insert into "class"."from" ("import", "def", "class_id") values (1, 'yield', 1);
insert into "__proto__"."__proto__" ("constructor", "prototype", "toString") values (1, '__proto__', 'x');
