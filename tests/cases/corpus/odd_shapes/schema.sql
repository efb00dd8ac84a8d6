-- Relations of unusual shape: no primary key, zero columns, only generated or
-- identity columns, dropped columns (gaps in attnum), views of views, a
-- materialized view of a view, a recursive view, partitions (range, list, hash,
-- a default partition, a partition of a partition), inheritance (single and
-- multiple), a typed table, an unlogged table, a foreign table, and unique
-- keys instead of a primary key.
create table public.no_pk (a integer, b text);
create table public.empty ();
create table public.only_pk (id integer primary key);
create table public.only_identity (id bigint generated always as identity);
create table public.only_generated (
  a integer generated always as (1) stored,
  b text generated always as ('x') virtual
);
create table public.dropped (id integer primary key, gone text, kept text, also_gone int, last text);
alter table public.dropped drop column gone;
alter table public.dropped drop column also_gone;
alter table public.dropped add column added_later integer default 42;
create table public.unique_only (code text not null unique, other text unique);
create table public.nullable_unique (a integer, b integer, unique nulls not distinct (a, b));

create table public.base_rel (id integer primary key, label text not null default 'base');
create view public.v1 as select id, label from public.base_rel;
create view public.v2 as select id, upper(label) as label from public.v1;
create view public.v3 as select v2.id, v2.label, v1.label as raw from public.v2 join public.v1 using (id);
create materialized view public.mv_of_view as select id, label from public.v3;
create materialized view public.mv_empty as select 1 as one where false with no data;
create recursive view public.countdown (n) as select 3 union all select n - 1 from countdown where n > 1;
create view public.constant_view as select 1 as "one", null::text as nothing, 'x'::varchar(1) as x;
create view public.empty_view as select from public.base_rel;

create table public.measurements (id integer, at date not null, value numeric, primary key (id, at))
  partition by range (at);
create table public.measurements_2024 partition of public.measurements
  for values from ('2024-01-01') to ('2025-01-01') partition by list (id);
create table public.measurements_2024_small partition of public.measurements_2024 for values in (1, 2, 3);
create table public.measurements_2024_rest partition of public.measurements_2024 default;
create table public.measurements_default partition of public.measurements default;
create table public.hashed (id integer primary key, v text) partition by hash (id);
create table public.hashed_0 partition of public.hashed for values with (modulus 2, remainder 0);
create table public.hashed_1 partition of public.hashed for values with (modulus 2, remainder 1);

create table public.animal (id integer primary key, name text not null);
create table public.dog (good boolean default true) inherits (public.animal);
create table public.tagged (tag text);
create table public.tagged_dog (breed text) inherits (public.dog, public.tagged);

create type public.point3 as (x float8, y float8, z float8);
create table public.typed_points of public.point3 (primary key (x, y, z));
create unlogged table public.scratch (id integer primary key, data jsonb);

create foreign data wrapper corpus_dummy;
create server corpus_nowhere foreign data wrapper corpus_dummy;
create foreign table public.remote_rows (id integer not null, body text) server corpus_nowhere;
