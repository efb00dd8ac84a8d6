-- Names that differ only by case, or only by what our naming folds (separators,
-- NFKC normalization, composed/decomposed accents, full-width letters, the
-- Kelvin sign), and names that equal a suffixed variant our naming would make
-- (user_id_2, UserAccountRow). Each must get its own, stable identifier; where a
-- target keeps raw names (TypeScript keys, file paths on a case-insensitive disk)
-- they must stay distinct too.
create table public.user_account (id integer primary key, label text);
create table public."UserAccount" (id integer primary key);
create table public."userAccount" (id integer primary key);
create table public."USER_ACCOUNT" (id integer primary key);
create table public."user-account" (id integer primary key);
create table public."user account" (id integer primary key);
create table public."user__account" (id integer primary key);
create table public."_user_account" (id integer primary key);
create table public.user_accounts (id integer primary key);
create table public."UserAccountRow" (id integer primary key);
create table public.user_account_row (id integer primary key);
create table public.user_account_2 (id integer primary key);
create table public."café" (id integer primary key);
create table public.U&"cafe\0301" (id integer primary key);
create table public."ＣＡＦＥ" (id integer primary key);
create table public.U&"\212Aelvin" (id integer primary key);
create table public."Kelvin" (id integer primary key);
create table public."straße" (id integer primary key);
create table public."strasse" (id integer primary key);

-- Columns: every spelling of "user id", and names equal to a variant of another.
create table public.ids (
  id integer primary key,
  user_id integer references public.user_account (id),
  "userId" integer references public."UserAccount" (id),
  "UserID" integer,
  "USER_ID" integer,
  "user id" integer,
  "user-id" integer,
  "user.id" integer,
  "user__id" integer,
  "_user_id" integer,
  "user_id_" integer,
  "user_id_2" integer,
  "userid" integer,
  "Userid" integer,
  "ﬁle" text,
  "file" text,
  "ＦＩＬＥ" text,
  U&"e\0301" text,
  "é" text,
  "metadata" text,
  "metadata_" text,
  "metadata_2" text,
  "user_account" text,
  "user_accounts" text
);

-- Enums and composite types colliding with each other and with table classes.
create type public.mood as enum ('a', 'A', 'a_', '_a', 'a-', 'a 2', 'A_2');
create type public."Mood" as enum ('x');
create type public."MOOD" as enum ('y');
create type public.user_account_insert as enum ('z');
create type public."user account type" as (x integer);
create type public.user_account_type as (y integer);
create table public.moods (
  id integer primary key,
  m1 public.mood, m2 public."Mood", m3 public."MOOD", m4 public.user_account_insert,
  t1 public."user account type", t2 public.user_account_type
);
