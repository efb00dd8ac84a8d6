insert into public.user_account (id, label) values (1, 'one');
insert into public."UserAccount" (id) values (1);
insert into public.ids (id, user_id, "userId", "UserID", "user id", "user_id_2", "ﬁle", "file", U&"e\0301", "é")
  values (1, 1, 1, 3, 4, 5, 'ligature', 'plain', 'decomposed', 'composed');
insert into public.moods values (1, 'a_', 'x', 'y', 'z', row(1), row(2));
