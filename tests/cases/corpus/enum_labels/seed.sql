insert into public.labelled (id) values (1);
insert into public.labelled (id, zoo, zoos, empty, space, digit, fold) values
  (2, '', '{}', null, ' ', '3', '{{IN_PROGRESS,in_progress}}'),
  (3, E'new\nline', array['🎉', '"""', E'\u2028', '__proto__', '"); import os; os.mkdir("l-py"); ("']::public.label_zoo[],
   '', null, '2', '{}'),
  (4, '__proto__', array[]::public.label_zoo[], '', ' ', '1', null);
