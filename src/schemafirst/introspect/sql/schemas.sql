-- The read schemas that exist. A schema the config names but the database
-- lacks is an error (a typo would otherwise read as an empty schema).
select n.nspname as name
from pg_namespace n
where n.nspname = any(%(schemas)s)
order by n.nspname
