-- Creating, altering and dropping models.
\set SHOW_CONTEXT never
CREATE TABLE houses (id bigserial PRIMARY KEY, rooms integer, area numeric, age real, price float8,
                     label text, sold_at timestamptz DEFAULT '2024-01-01');
SELECT pgct.create_model('houses', 'houses', 'price', ARRAY['rooms', 'area', 'age'], 'ridge',
                         '{"alpha": 0.5, "time_column": "sold_at"}') AS model_id \gset
SELECT name, source, id_column, time_column, target, features, algorithm, options ->> 'alpha' AS alpha,
       options ->> 'test_fraction' AS test_fraction, trigger_relations, production_version
FROM pgct.models WHERE id = :model_id;
-- the statement trigger is installed, and the first training is queued
SELECT tgname = 'pgct_wake_' || :model_id AS named, tgtype, tgargs <> '' AS has_args
FROM pg_trigger WHERE tgrelid = 'houses'::regclass AND NOT tgisinternal;
SELECT kind, status, payload FROM pgct.jobs WHERE model_id = :model_id;
SELECT level, event FROM pgct.events WHERE model_id = :model_id ORDER BY id;

-- errors
SELECT pgct.create_model('houses', 'houses', 'price', ARRAY['rooms']);
SELECT pgct.create_model('Houses2', 'houses', 'price', ARRAY['rooms']);
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['label']);
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['nope']);
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['rooms', 'rooms']);
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['price', 'rooms']);
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY[]::text[]);
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['rooms'], 'forest');
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['rooms'], 'linear', '{"alpha": "big"}');
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['rooms'], 'linear', '{"time_column": "label"}');
SELECT pgct.create_model('h2', 'houses', 'price', ARRAY['rooms'], 'linear', '{"window": {"last": "1 day"}}');
SELECT pgct.create_model('h2', 'houses_id_seq', 'price', ARRAY['rooms']);
SELECT pgct.create_model('h2', 'no_such_table', 'price', ARRAY['rooms']);
CREATE TABLE nokey (a float8, b float8);
SELECT pgct.create_model('h2', 'nokey', 'b', ARRAY['a']);
-- nothing was left behind by the failures
SELECT count(*) AS models FROM pgct.models;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'nokey'::regclass;

-- a view: the trigger goes on the base tables it reads, found in the catalog
CREATE TABLE sales (id bigint PRIMARY KEY, house_id bigint, amount float8);
CREATE VIEW house_sales AS
    SELECT s.id, h.rooms, h.area, s.amount FROM sales s JOIN houses h ON h.id = s.house_id;
SELECT pgct.create_model('house_sales', 'house_sales', 'amount', ARRAY['rooms', 'area']);
SELECT pgct.create_model('house_sales', 'house_sales', 'amount', ARRAY['rooms', 'area'], 'linear', '{"id_column": "id"}') AS view_model \gset
SELECT trigger_relations::text[] FROM pgct.models WHERE id = :view_model;
SELECT tgrelid::regclass, tgname = 'pgct_wake_' || :view_model AS named FROM pg_trigger
WHERE tgname LIKE 'pgct_wake_%' ORDER BY 1::text, 2;

-- alter_model validates and merges
SELECT pgct.alter_model('houses', '{"test_fraction": 0.25, "require_approval": true}') ->> 'test_fraction' AS tf;
SELECT options ->> 'test_fraction' AS tf, options ->> 'alpha' AS alpha, options ->> 'require_approval' AS approval
FROM pgct.models WHERE id = :model_id;
SELECT pgct.alter_model('houses', '{"polynomial_degree": -1}');
SELECT pgct.alter_model('houses', '{"time_column": "id"}');
SELECT pgct.alter_model('mansions', '{}');

-- drop_model removes the triggers; with keep_history the rows stay, marked dropped
SELECT pgct.drop_model('house_sales');
SELECT count(*) AS view_triggers FROM pg_trigger WHERE tgname = 'pgct_wake_' || :view_model;
SELECT name, dropped_at IS NOT NULL AS dropped FROM pgct.models WHERE id = :view_model;
SELECT status, last_error FROM pgct.jobs WHERE model_id = :view_model;
SELECT pgct.drop_model('house_sales');
-- the name is free again; drop without history deletes everything
SELECT pgct.create_model('house_sales', 'house_sales', 'amount', ARRAY['rooms'], 'linear', '{"id_column": "id"}') > :view_model AS recreated;
SELECT pgct.drop_model('house_sales', keep_history => false);
SELECT count(*) AS rows_left FROM pgct.models WHERE name = 'house_sales' AND dropped_at IS NULL;
SELECT model FROM pgct.status ORDER BY 1;
