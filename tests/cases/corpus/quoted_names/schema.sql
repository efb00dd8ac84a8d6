-- Quoted identifiers with everything Postgres allows in them: spaces, dots,
-- quotes, backslashes, slashes, line breaks, tabs, unicode, emoji, wide CJK
-- characters, comment and template syntax, names of 63 bytes (the limit).
-- Names become file and folder names too (TanStack routes), so they must be
-- sanitized there. Names are at most 63 bytes, so the canaries among them write
-- a marker relative to the working directory (see comments_defaults).
create table public."my table" ("my column" integer primary key, "other column" text);
create table public."a.b.c" ("x.y" integer primary key, ".hidden" text, "..." text);
create table public."it's" ("it's" integer primary key, "say ""hi""" text, "'" text);
create table public."back\slash" ("\" integer primary key, "a\nb" text, "trailing\" text);
create table public."a/b" ("/" integer primary key, "../.." text, "~" text, "C:\x" text);
create table public."line
break" ("line
break" integer primary key, "tab	tab" text, "cr" text);
create table public." " (" " integer primary key, "  " text, " leading" text, "trailing " text);
create table public."🎉 party" ("🎉" integer primary key, "👩‍👩‍👧 family" text, "🇫🇷" text);
create table public."日本語のテーブル" ("名前" integer primary key, "説明" text);
create table public."Ωμέγα" ("ά" integer primary key, "ß" text, "ǅ" text);
create table public."*/ end" ("*/" integer primary key, "/*" text, "//" text, "<!--" text);
create table public."${x}" ("${x}" integer primary key, "`" text, "{{x}}" text, "{%x%}" text);
create table public."</script>" ("</script>" integer primary key, "<b>" text, "&amp;" text);
create table public."$1" ("$1" integer primary key, "$" text, "@" text, "#" text, "%" text, "?" text);
create table public."-" ("-" integer primary key, "+" text, "=" text, "!" text, "&" text, "|" text);
create table public."1" ("1" integer primary key, "2" text, "0x" text, "1e5" text);
create table public."_" ("_" integer primary key, "__" text, "___" text);
create table public.x23456789x123456789x123456789x123456789x123456789x123456789abc (
  x23456789x123456789x123456789x123456789x123456789x123456789abc integer primary key
);
create table public."é23456789x123456789x123456789x123456789x123456789x123456789ab" (
  "é23456789x123456789x123456789x123456789x123456789x123456789ab" integer primary key
);
-- Foreign keys between odd names, and a view over them.
create table public."child table" (
  "child id" integer primary key,
  "parent's id" integer references public."my table" ("my column"),
  "dotted.id" integer references public."a.b.c" ("x.y"),
  "🎉 id" integer references public."🎉 party" ("🎉")
);
create view public."view of ""quotes""" as
  select "my column" as "my "" column", "other column" as "other\column" from public."my table";

-- Canaries as names (see the comment at the top).
create table public."""); import os; os.mkdir(""n-py""); (""" (
  id integer primary key,
  """+import(""fs"").then(f=>f.mkdirSync(""n-js""))+""" text,
  """:import(""fs"").then(f=>f.mkdirSync(""n-jk"")),""" text,
  "*/import(""fs"").then(f=>f.mkdirSync(""n-jd""))/*" text,
  "${import(""fs"").then(f=>f.mkdirSync(""n-tpl""))}" text,
  "{{cycler.__init__.__globals__.os.mkdir(""n-j2"")}}" text
);
create table public."""""""
import os;os.mkdir(""n-pd"")
""""""" (id integer primary key);
create table public."x
import(""fs"").then(f=>f.mkdirSync(""n-ln""))//" (id integer primary key);
