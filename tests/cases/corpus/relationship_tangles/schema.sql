-- Foreign keys that tangle relationship names: self references (one and two
-- levels), several FKs to one table, composite FKs (also to a composite unique
-- key), a cycle of three tables, FKs to a UNIQUE key and to a unique index,
-- one-to-one (FK that is the primary key), many-to-many through a pure
-- association table, through one with extra columns, two many-to-manys between
-- the same tables, a self many-to-many, and FK columns named like the table
-- they point to (user, user_id) or like a relationship the other side creates.
create table public.users (
  id integer primary key,
  email text not null unique,
  handle text not null,
  manager_id integer references public.users (id),
  mentor_id integer references public.users (id)
);
create unique index users_handle_key on public.users (lower(handle));
create unique index users_handle_plain on public.users (handle);

create table public.documents (
  id integer primary key,
  created_by integer not null references public.users (id),
  updated_by integer references public.users (id),
  owner integer references public.users (id),
  "user" integer references public.users (id),
  user_id integer references public.users (id),
  users integer references public.users (id),
  author_email text references public.users (email),
  author_handle text references public.users (handle),
  parent_id integer references public.documents (id),
  documents integer references public.documents (id)
);

-- A cycle a -> b -> c -> a (deferrable, so rows can be inserted).
create table public.cycle_a (id integer primary key, b_id integer);
create table public.cycle_b (id integer primary key, c_id integer);
create table public.cycle_c (id integer primary key, a_id integer references public.cycle_a (id));
alter table public.cycle_a add foreign key (b_id) references public.cycle_b (id) deferrable initially deferred;
alter table public.cycle_b add foreign key (c_id) references public.cycle_c (id) deferrable initially deferred;

-- Composite keys and composite FKs, one to a composite UNIQUE constraint.
create table public.regions (country text, code text, name text, alt_a integer, alt_b integer,
  primary key (country, code), unique (alt_a, alt_b));
create table public.stores (
  id integer primary key,
  country text, region_code text,
  home_country text, home_region text,
  alt_a integer, alt_b integer,
  foreign key (country, region_code) references public.regions (country, code),
  foreign key (home_country, home_region) references public.regions (country, code),
  foreign key (alt_a, alt_b) references public.regions (alt_a, alt_b) match full
);

-- One-to-one: the FK is the primary key.
create table public.user_profiles (user_id integer primary key references public.users (id), bio text);

-- Many-to-many: pure association, association with payload, two between the same
-- tables, and a self many-to-many.
create table public.tags (id integer primary key, name text not null);
create table public.document_tags (
  document_id integer not null references public.documents (id) on delete cascade,
  tag_id integer not null references public.tags (id) on delete cascade,
  primary key (document_id, tag_id)
);
create table public.document_watchers (
  document_id integer not null references public.documents (id),
  user_id integer not null references public.users (id),
  since timestamptz not null default now(),
  primary key (document_id, user_id)
);
create table public.document_editors (
  document_id integer not null references public.documents (id),
  user_id integer not null references public.users (id),
  primary key (document_id, user_id)
);
create table public.friendships (
  user_a integer not null references public.users (id),
  user_b integer not null references public.users (id),
  primary key (user_a, user_b)
);
-- An association without a primary key, and a table FK'd from a view-like name.
create table public.tag_links (
  tag_id integer not null references public.tags (id),
  other_tag_id integer not null references public.tags (id)
);
