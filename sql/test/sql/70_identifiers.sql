-- Identifier attacks: names with quotes, semicolons, spaces, mixed case, non-ASCII, 63+ bytes
-- either work or are refused with a clear error, and are never executed as SQL.
\set SHOW_CONTEXT never
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema"."Wéird; DROP TABLE victims; --" (
    "id""; DROP TABLE victims; --" integer PRIMARY KEY,
    "x'); DROP TABLE victims; --" float8,
    "Mixed Case" float8,
    "ünïcødé σ" float8,
    "y y" float8
);
CREATE TABLE victims (id integer);
INSERT INTO "Odd Schema"."Wéird; DROP TABLE victims; --"
SELECT i, i, i % 3, i % 5, 2 * i + (i % 3) - (i % 5) + 1 FROM generate_series(1, 60) i;
SELECT pgct.create_model('weird', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y',
                         ARRAY['x''); DROP TABLE victims; --', 'Mixed Case', 'ünïcødé σ']) AS wid \gset
SELECT source, id_column, features FROM pgct.models WHERE id = :wid;
-- the whole path works on these names
SELECT part, n FROM pgct.sufficient_statistics(:wid);
SELECT column_name, rows FROM pgct.column_profile(:wid);
SELECT pgct.source_query(:wid, 'training') AS wq \gset
SELECT count(*) AS copy_rows, count(*) FILTER (WHERE bucket < 200000) AS copy_test_rows FROM (:wq) t;
SELECT pgct.begin_version(:wid, NULL, 'agent-1') AS v \gset
SELECT pgct.finish_version(:wid, :v, 'candidate', '{"intercept": 1, "coefficients": [2, 1, -1], "feature_means": [30, 1, 2]}');
SELECT pgct.promote_version(:wid, :v, 'agent-1');
SELECT pgct.score(:wid, 1, ARRAY[2, 1, -1], 'all') ->> 'mae' AS mae;
SELECT pg_get_function_arguments('pgct_models.weird(float8, float8, float8)'::regprocedure);
SELECT pgct_models.weird(10, 1, 2) AS generated, pgct.predict('weird', ARRAY[10, 1, 2]) AS predict;
INSERT INTO "Odd Schema"."Wéird; DROP TABLE victims; --" VALUES (61, 61, 1, 1, NULL);
SELECT pgct.log_predictions('weird') AS logged;
SELECT feature, contribution FROM pgct.explain('weird', ARRAY[10, 1, 2]);
SELECT pgct.drop_model('weird');
-- nothing was executed from a name
SELECT to_regclass('victims') IS NOT NULL AS victims_still_there;

-- model names that cannot be function names are refused clearly
SELECT pgct.create_model('w; DROP TABLE victims', 'victims', 'id', ARRAY['id']);
SELECT pgct.create_model('Weird', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY['Mixed Case']);
SELECT pgct.create_model('with space', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY['Mixed Case']);
SELECT pgct.create_model('ünï', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY['Mixed Case']);
SELECT pgct.create_model(repeat('m', 64), '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY['Mixed Case']);
-- 63 bytes is the limit, and works
SELECT pgct.create_model(repeat('m', 63), '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY['Mixed Case']) > 0 AS long_name_ok;
SELECT pgct.drop_model(repeat('m', 63));
-- column names: exact match, so case and length matter
SELECT pgct.create_model('w2', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY['mixed case']);
SELECT pgct.create_model('w2', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY[repeat('c', 70)]);
SELECT pgct.create_model('w2', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y; DROP TABLE victims', ARRAY['Mixed Case']);
-- option values are values, never SQL
SELECT pgct.create_model('w2', '"Odd Schema"."Wéird; DROP TABLE victims; --"', 'y y', ARRAY['Mixed Case'], 'linear',
                         '{"id_column": "1; DROP TABLE victims"}');
SELECT pgct.sufficient_statistics(:wid, 0, '{"window": {"since": "2024-01-01''; DROP TABLE victims; --"}}');
SELECT to_regclass('victims') IS NOT NULL AS victims_still_there;
