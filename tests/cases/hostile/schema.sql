-- The "hostile" case: identifiers, labels and comments built to break code
-- generators. Every name here must become a safe, unique identifier and every
-- text must be escaped; the generated modules must import, map and validate.

create type public."job state" as enum (
  'in progress', 'in-progress', 'In Progress', '', '1080p', 'café', '🎉',
  'a"b', 'back\slash', 'none', 'None', 'class', '_sunder_', 'x */ y', '"""'
);
comment on type public."job state" is 'Labels with spaces, punctuation, """triple quotes""" and */ comment ends.';

-- An enum whose PascalCase name collides with a table's class name.
create type public."Status" as enum ('on', 'off');

create table public."class" (
  id serial primary key,
  "from" text,
  "def" integer,
  "match" text,
  "type" text,
  "metadata" jsonb,
  "registry" text,
  "model_config" text,
  "model_fields" text,
  "model_dump_extra" text,
  "__tablename__" text,
  "_private" text,
  "json" text,
  "copy" text,
  "text" text not null default 'a''b \ c',
  "datetime" timestamptz,
  "uuid" uuid,
  "list" integer[],
  "str" text,
  "Base" text,
  "my col" text,
  "my_col" text,
  "1st" integer,
  "Name" text,
  "name" text,
  "ümlaut" text,
  "ﬁle" text,
  "file" text,
  "say ""hi""" text,
  "state" public."job state" not null default 'in progress',
  "state2" public."job state"[]
);
comment on table public."class" is 'A table named like a keyword. """Docstring breaker""" \ and a backslash
and a second line with */ in it';
comment on column public."class"."from" is 'A column named like a keyword; says "hi" \n literally.';

create table public.metadata (id integer primary key, value text);
create table public."Base" (id integer primary key, base_id integer references public."Base" (id));
create table public."Integer" (id integer primary key);
create table public.datetime (id integer primary key, at timestamp);
create table public.list (id integer primary key);
create table public."Mapped" (id integer primary key);
create table public."Enum" (id integer primary key);
create table public.status (id integer primary key, value public."Status");

-- Case collisions and a singular/plural collision.
create table public."Users" (id integer primary key);
create table public.users (id integer primary key, nick text);
create table public.video (id integer primary key);
create table public.videos (id integer primary key);

-- Unicode and NFKC: "ﬁle" and "file" are one Python identifier.
create table public."café" (id integer primary key, "naïve" text);
create table public."ﬁles" (id integer primary key);
create table public.files (id integer primary key);

-- Quotes and dots in names, and a foreign key to a dotted table.
create table public."quote""d" ("id""" integer primary key, "x.y" text);
create table public."dotted.name" (id integer primary key);
create table public."dotted child" (
  id integer primary key,
  parent_id integer references public."dotted.name" (id)
);

-- Two foreign keys to the same table, and a self reference.
create table public.messages (
  id bigint generated always as identity primary key,
  sender_id integer not null references public.users (id),
  recipient_id integer references public.users (id),
  reply_to_id bigint references public.messages (id),
  body text not null
);

-- No primary key: a Core Table, never dropped.
create table public.audit_log (at timestamptz not null default now(), message text);

create view public."weird view" as select id, "from" as "select", "text" from public."class";
comment on view public."weird view" is 'View comment with */ and """';
