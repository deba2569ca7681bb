-- A canonical, sorted description of everything pgct installs: tables and columns,
-- constraints, indexes, views, functions (full definitions), comments and privileges.
-- test/upgrade.sh compares it between an upgraded and a fresh installation.
\pset format unaligned
\pset tuples_only on
WITH ns AS (SELECT oid, nspname FROM pg_catalog.pg_namespace WHERE nspname IN ('pgct', 'pgct_models'))
SELECT line FROM (
    SELECT 'relation ' || ns.nspname || '.' || c.relname || ' kind=' || c.relkind::text
           || ' persistence=' || c.relpersistence::text || ' acl=' || coalesce(c.relacl::text, '')
           || ' comment=' || coalesce(pg_catalog.obj_description(c.oid, 'pg_class'), '') AS line
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'v', 'S', 'p', 'i')
    UNION ALL
    SELECT 'column ' || ns.nspname || '.' || c.relname || '.' || a.attname || ' '
           || pg_catalog.format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
           || ' default=' || coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
           || ' identity=' || a.attidentity::text
           || ' comment=' || coalesce(pg_catalog.col_description(c.oid, a.attnum), '')
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'p')
    UNION ALL
    SELECT 'constraint ' || ns.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_catalog.pg_get_constraintdef(k.oid)
    FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN ns ON ns.oid = c.relnamespace
    UNION ALL
    SELECT 'index ' || i.schemaname || '.' || i.indexname || ' ' || i.indexdef
    FROM pg_catalog.pg_indexes i WHERE i.schemaname IN ('pgct', 'pgct_models')
    UNION ALL
    SELECT 'view ' || v.schemaname || '.' || v.viewname || ' ' || v.definition
    FROM pg_catalog.pg_views v WHERE v.schemaname IN ('pgct', 'pgct_models')
    UNION ALL
    SELECT 'function ' || pg_catalog.pg_get_functiondef(p.oid)
           || ' acl=' || coalesce(p.proacl::text, '')
           || ' comment=' || coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '')
    FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
    UNION ALL
    SELECT 'schema ' || n.nspname || ' acl=' || coalesce(n.nspacl::text, '')
           || ' comment=' || coalesce(pg_catalog.obj_description(n.oid, 'pg_namespace'), '')
    FROM pg_catalog.pg_namespace n JOIN ns ON ns.oid = n.oid
) lines
ORDER BY line;
