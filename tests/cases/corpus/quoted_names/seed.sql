insert into public."my table" values (1, 'one');
insert into public."a.b.c" ("x.y") values (1);
insert into public."🎉 party" ("🎉", "👩‍👩‍👧 family") values (1, 'fam');
insert into public."child table" values (1, 1, 1, 1);
