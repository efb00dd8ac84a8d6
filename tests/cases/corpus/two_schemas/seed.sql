insert into hidden.secrets values (1, 'not generated');
insert into public.items (id, status, other_status, at, other_at, secret_id) values
  (1, 'closed', 'sent', row(1, 2), row('a', 'b'), 1);
insert into other.items values (1, 'draft', 1, row('c', 'd'));
update public.items set other_item_id = 1;
insert into "Other Schema".items values (1, 1, 1, 'x');
insert into other.links values (1, 1);
