-- Hostile text in comments, string defaults, CHECK and generated-column
-- expressions and index predicates: triple quotes, comment delimiters,
-- template syntax (`${`, `{{`, `{%`), backticks, </script>, control characters.
--
-- The CANARIES: each text below, pasted unescaped into the context its id
-- names (py-* Python, js-* JavaScript, jinja-* a Jinja template), runs code
-- that creates the directory @MARKER@/<id>. test_corpus substitutes @MARKER@
-- with a fresh folder per run, runs the generated Python and JavaScript, and
-- asserts the folder stays empty; it also pastes each text unescaped on
-- purpose and asserts the marker does appear, so a canary cannot go stale.

create temporary table canary (id text primary key, body text not null);
insert into canary values
  ('py-doc3d', E'"""\nimport os; os.makedirs("@MARKER@/py-doc3d", exist_ok=True)\n"""'),
  ('py-doc3s', E'''''''\nimport os; os.makedirs("@MARKER@/py-doc3s", exist_ok=True)\n'''''''),
  ('py-str-d', '"; import os; os.makedirs("@MARKER@/py-str-d", exist_ok=True); x = "'),
  ('py-str-s', '''; import os; os.makedirs("@MARKER@/py-str-s", exist_ok=True); x = '''),
  ('py-hash', E'x\nimport os; os.makedirs("@MARKER@/py-hash", exist_ok=True)\n#'),
  ('py-cr', E'x\rimport os; os.makedirs("@MARKER@/py-cr", exist_ok=True)\r#'),
  ('py-bs', E'\\"); import os; os.makedirs(''@MARKER@/py-bs'', exist_ok=True); #'),
  ('js-jsdoc', '*/ import("node:fs").then((fs) => fs.mkdirSync("@MARKER@/js-jsdoc", { recursive: true })); /*'),
  ('js-tpl', '${import("node:fs").then((fs) => fs.mkdirSync("@MARKER@/js-tpl", { recursive: true }))}'),
  ('js-str-d', '"; import("node:fs").then((fs) => fs.mkdirSync("@MARKER@/js-str-d", { recursive: true })); "'),
  ('js-str-s', '''; import("node:fs").then((fs) => fs.mkdirSync("@MARKER@/js-str-s", { recursive: true })); '''),
  ('js-line', E'x\nimport("node:fs").then((fs) => fs.mkdirSync("@MARKER@/js-line", { recursive: true }))\n//'),
  ('js-ls', E'x\u2028import("node:fs").then((fs) => fs.mkdirSync("@MARKER@/js-ls", { recursive: true }))\u2028//'),
  ('js-ps', E'x\u2029import("node:fs").then((fs) => fs.mkdirSync("@MARKER@/js-ps", { recursive: true }))\u2029//'),
  ('js-bs', E'\\"); import(''node:fs'').then((fs) => fs.mkdirSync(''@MARKER@/js-bs'', { recursive: true })); //'),
  ('jinja-expr', '{{ cycler.__init__.__globals__.os.makedirs("@MARKER@/jinja-expr", exist_ok=True) }}'),
  ('jinja-stmt', '{% set _ = cycler.__init__.__globals__.os.makedirs("@MARKER@/jinja-stmt", exist_ok=True) %}');

-- Every canary reaches every kind of object that carries text: a table (comment,
-- column comment, string default, CHECK, generated column, partial index), a view
-- (comment, a constant column), a composite type attribute, a domain (comment,
-- default, CHECK), an enum type and a function (comments).
do $$
declare
  c record;
begin
  for c in select id, body from canary order by id loop
    execute format(
      'create table public.%I (id integer primary key, body text not null default %L, '
      'tag text generated always as (body || %L) stored, check (body is not null or body = %L))',
      'canary ' || c.id, c.body, c.body, c.body);
    execute format('comment on table public.%I is %L', 'canary ' || c.id, c.body);
    execute format('comment on column public.%I.body is %L', 'canary ' || c.id, c.body);
    execute format('create index on public.%I (body) where body <> %L', 'canary ' || c.id, c.body);
    execute format('create view public.%I as select id, body, %L::text as note from public.%I',
      'canary view ' || c.id, c.body, 'canary ' || c.id);
    execute format('comment on view public.%I is %L', 'canary view ' || c.id, c.body);
    execute format('comment on column public.%I.note is %L', 'canary view ' || c.id, c.body);
  end loop;
  for c in select id, body from canary order by id loop
    execute format('create type public.%I as (label text, n integer)', 'canary type ' || c.id);
    execute format('comment on type public.%I is %L', 'canary type ' || c.id, c.body);
    execute format('comment on column public.%I.label is %L', 'canary type ' || c.id, c.body);
    execute format('create domain public.%I as text default %L check (value is not null or value = %L)',
      'canary domain ' || c.id, c.body, c.body);
    execute format('comment on domain public.%I is %L', 'canary domain ' || c.id, c.body);
    execute format('create type public.%I as enum (%L)', 'canary enum ' || c.id, 'v');
    execute format('comment on type public.%I is %L', 'canary enum ' || c.id, c.body);
    execute format('create function public.%I(x text) returns text language sql as %L',
      'canary fn ' || c.id, 'select x');
    execute format('comment on function public.%I(text) is %L', 'canary fn ' || c.id, c.body);
  end loop;
end
$$;

-- One table that uses the composite types, domains and enums above, so every
-- target has to name and type them.
do $$
declare
  cols text;
begin
  select string_agg(format('%I public.%I', 'uses ' || id, 'canary domain ' || id) || ', ' ||
                    format('%I public.%I', 'enum ' || id, 'canary enum ' || id) || ', ' ||
                    format('%I public.%I', 'type ' || id, 'canary type ' || id), ', ' order by id)
    into cols from canary;
  execute format('create table public.canary_uses (id integer primary key, %s)', cols);
end
$$;
drop table canary;

-- Hostile text that is not code: comment delimiters, template syntax, markup,
-- backticks, control characters (every C0 one except NUL, plus DEL, NEL, and the
-- line/paragraph separators), trailing backslashes and lone quotes.
create table public.texts (
  id integer primary key,
  triple_double text default '""" x """',
  triple_single text default ''''''' x ''''''',
  comment_end text default '*/',
  comment_start text default '/*',
  template_dollar text default '${x}',
  template_jinja text default '{{ x }} {% if x %}{# x #}',
  backtick text default '`x` ```',
  script text default '</script><script>alert(1)</script><!--',
  controls text default E'\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\u0085\u2028\u2029',
  trailing_backslash text default 'ends with \',
  lone_quote text default '"',
  percent text default '%s %(x)s %d {0} {x}',
  json_default jsonb not null default '{"*/": "\"\"\"", "${x}": ["`", "</script>"]}',
  array_default text[] default array['*/', '"""', E'\n', '\'],
  "tricky check" text check ("tricky check" is distinct from '*/ """ ${x} `'),
  generated text generated always as ('*/' || coalesce(comment_end, '"""') || '`${x}`') stored
);
comment on table public.texts is E'Every hostile sequence: """ \'\'\' */ /* ${x} {{ x }} {% x %} `x` </script> \\ \x01\x07\x08\x0b\x0c\x1b\x7f \u0085 \u2028 \u2029 end\\';
comment on column public.texts.triple_double is '"""';
comment on column public.texts.triple_single is '''''''';
comment on column public.texts.comment_end is '*/';
comment on column public.texts.comment_start is '/*';
comment on column public.texts.template_dollar is '${';
comment on column public.texts.template_jinja is '{{ {%';
comment on column public.texts.backtick is '`';
comment on column public.texts.script is '</script>';
comment on column public.texts.controls is E'a\x01b\x07c\x08d\te\nf\x0bg\x0ch\ri\x1bj\x7fk\u0085l\u2028m\u2029n';
comment on column public.texts.trailing_backslash is 'ends with \';
comment on column public.texts.lone_quote is '"';
comment on column public.texts.percent is '%s %(x)s {0}';
comment on column public.texts.json_default is '';
comment on column public.texts.array_default is ' ';
comment on column public.texts.generated is E'\n\n\n';
comment on schema public is E'The public schema: """ */ ${x} \u2028';
create index "texts */ idx" on public.texts (comment_end) where comment_end <> '*/' and script <> '</script>';
