-- Enum labels no identifier scheme expects: empty, whitespace, numeric, equal
-- after case folding or normalizing, quotes, backslashes, line breaks, control
-- characters, emoji, Python Enum and JavaScript object internals, 63-byte labels,
-- and an enum without labels. Labels are at most 63 bytes, so the canaries here
-- are short and write a marker relative to the working directory (test_corpus
-- runs the generated code inside the marker folder): see comments_defaults.
create type public.label_zoo as enum (
  '', ' ', '  ', E'\t', '0', '1', '01', '1.5', '-1', '1e3', '0x10', 'NaN', 'Infinity',
  'a b', 'a-b', 'a_b', 'A B', 'a  b', 'a.b', 'a/b', 'A_B', 'ab', 'AB', 'Ab',
  'ß', 'SS', 'ss', E'\u01C5', E'\u0130', E'i\u0307', E'\uFB01', 'fi', E'\uFF26', E'\u00E9', E'e\u0301',
  'it''s', 'say "hi"', 'back\slash', 'trailing\', '\', '"', '''', '"""', '''''''',
  E'new\nline', E'cr\rlf', E'nul-free \x01\x1f\x7f', E'\u2028', E'\u2029', E'\u0085',
  '🎉', '👩‍👩‍👧', '日本語', 'Ω', 'ǆ',
  'None', 'none', 'True', 'O', 'I', 'l', 'class', 'def', 'import', 'lambda', 'self', 'mro', 'name', 'value',
  '_name_', '_value_', '_missing_', '_generate_next_value_', '_ignore_', '_order_', '__init__',
  '__class__', '__dict__', '_', '__',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'length',
  'default', 'delete', 'null', 'undefined',
  '*/', '/*', '${x}', '{{ x }}', '{% x %}', '`', '</script>',
  'x123456789x123456789x123456789x123456789x123456789x123456789abc',
  'é23456789x123456789x123456789x123456789x123456789x123456789ab',
  -- canaries (see the comment at the top)
  '"); import os; os.mkdir("l-py"); ("',
  E'"""\nimport os; os.mkdir("l-pydoc")\n"""',
  E'x\nimport os; os.mkdir("l-pyhash")\n#',
  '"+import("fs").then(f=>f.mkdirSync("l-js"))+"',
  '*/import("fs").then(f=>f.mkdirSync("l-jsdoc"))/*',
  '${import("fs").then(f=>f.mkdirSync("l-tpl"))}',
  E'x\u2028import("fs").then(f=>f.mkdirSync("l-jsls"))//',
  '{{cycler.__init__.__globals__.os.mkdir("l-jinja")}}'
);
comment on type public.label_zoo is 'Every label above must round-trip as data.';

create type public.only_empty as enum ('');
create type public.nothing as enum ();
create type public.one_space as enum (' ');
create type public.digits as enum ('1', '2', '3');
-- Labels that differ only by case or by what our naming folds.
create type public.folds as enum ('In Progress', 'in progress', 'in-progress', 'IN_PROGRESS', 'in_progress');

create table public.labelled (
  id integer primary key,
  zoo public.label_zoo not null default 'it''s',
  zoos public.label_zoo[] not null default '{"a b","","\\"}',
  empty public.only_empty default '',
  nothing public.nothing,
  nothings public.nothing[],
  space public.one_space,
  digit public.digits default '1',
  fold public.folds[][] default '{{"In Progress"},{"in progress"}}'
);
comment on column public.labelled.zoo is 'Default is the label it''s.';
