-- The same names in several schemas: tables, views, enums and composite types
-- called alike in "public", "other" and "Other Schema" (a schema name with a
-- space and a capital), foreign keys across them in both directions, and a
-- foreign key to a schema that is not generated ("hidden"), which targets must
-- not choke on.
create schema other;
create schema "Other Schema";
create schema hidden;

create type public.status as enum ('open', 'closed');
create type other.status as enum ('draft', 'sent');
create type "Other Schema".status as enum ('x');
create type public.point2 as (x integer, y integer);
create type other.point2 as (x text, y text);

create table hidden.secrets (id integer primary key, secret text);

create table public.items (
  id integer primary key,
  status public.status not null default 'open',
  other_status other.status,
  at public.point2,
  other_at other.point2,
  secret_id integer references hidden.secrets (id)
);
create table other.items (
  id integer primary key,
  status other.status,
  public_item_id integer references public.items (id),
  at other.point2
);
create table "Other Schema".items (
  id integer primary key,
  other_item_id integer references other.items (id),
  public_item_id integer references public.items (id),
  status "Other Schema".status
);
alter table public.items add column other_item_id integer references other.items (id);

-- Several FKs across schemas to one table, and a cross-schema many-to-many.
create table other.links (
  public_item_id integer not null references public.items (id),
  spaced_item_id integer not null references "Other Schema".items (id),
  primary key (public_item_id, spaced_item_id)
);
create view public.item_view as select id, status from public.items;
create view other.item_view as select id, status from other.items;
create view "Other Schema".item_view as select id, status from "Other Schema".items;
