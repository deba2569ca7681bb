-- Install, and check the packaging promises: comments everywhere, dump registration, privileges.
\set SHOW_CONTEXT never
CREATE EXTENSION pgct;
SELECT extversion FROM pg_extension WHERE extname = 'pgct';

-- \df+ pgct.* shows a comment on every function: none may lack one.
SELECT p.oid::regprocedure AS function_without_comment
FROM pg_proc p WHERE p.pronamespace = 'pgct'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT c.relname AS relation_without_comment
FROM pg_class c WHERE c.relnamespace = 'pgct'::regnamespace AND c.relkind IN ('r', 'v', 'u')
  AND obj_description(c.oid, 'pg_class') IS NULL;

-- User data is registered for pg_dump.
SELECT unnest(extconfig)::regclass AS dumped FROM pg_extension WHERE extname = 'pgct' ORDER BY 1::text;

-- Every SECURITY DEFINER function pins search_path, except the trigger whose operators are
-- all schema-qualified (measured: SET costs on every insert).
SELECT p.proname FROM pg_proc p
WHERE p.pronamespace = 'pgct'::regnamespace AND p.prosecdef
  AND NOT coalesce(p.proconfig::text LIKE '%search_path=pg_catalog, pg_temp%', false)
ORDER BY 1;

-- Nothing is executable or readable by PUBLIC (a trigger needs no EXECUTE right to fire).
SELECT p.proname FROM pg_proc p
WHERE p.pronamespace = 'pgct'::regnamespace AND has_function_privilege('public', p.oid, 'EXECUTE')
ORDER BY 1;
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = 'pgct'::regnamespace AND c.relkind IN ('r', 'v', 'u')
  AND has_table_privilege('public', c.oid, 'SELECT') ORDER BY 1;

-- Roles exist and are plain NOLOGIN roles.
SELECT rolname, rolsuper, rolcanlogin FROM pg_roles WHERE rolname LIKE 'pgct\_%' ORDER BY 1;

-- The defaults are documented in one place.
SELECT key, value FROM jsonb_each(pgct.default_options()) ORDER BY key;
