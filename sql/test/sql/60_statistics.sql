-- In-database training data: sufficient statistics, COPY queries, scores, evaluation.
\set SHOW_CONTEXT never
CREATE TABLE obs (id integer PRIMARY KEY, u float8, v float8, y float8, at timestamptz);
INSERT INTO obs SELECT i, sin(i), (i % 17) / 3.0, 2 * sin(i) - 0.5 * (i % 17) / 3.0 + 0.01 * cos(7 * i) + 4,
                       '2024-01-01'::timestamptz + i * interval '1 hour'
FROM generate_series(1, 1000) i;
INSERT INTO obs VALUES (1001, NULL, 1, 1, now()), (1002, 'NaN', 1, 1, now()), (1003, 1, 1, 'Infinity', now());
SELECT pgct.create_model('obs', 'obs', 'y', ARRAY['u', 'v'], 'linear', '{"time_column": "at"}') AS oid \gset

-- parts: test + train + excluded cover every row once
SELECT part, n FROM pgct.sufficient_statistics(:oid);
-- the statistics equal the aggregates computed directly over the same rows
WITH s AS (SELECT * FROM pgct.sufficient_statistics(:oid) WHERE part = 'train'),
     d AS (SELECT * FROM obs WHERE pgct.split_bucket(id::text, 42) >= 200000
             AND u IS NOT NULL AND u <> 'NaN' AND y <> 'Infinity')
SELECT s.n = (SELECT count(*) FROM d) AS n_ok,
       abs(s.means[1] - (SELECT avg(u) FROM d)) < 1e-12 AND abs(s.means[2] - (SELECT avg(v) FROM d)) < 1e-12 AS means_ok,
       abs(s.target_mean - (SELECT avg(y) FROM d)) < 1e-12 AS target_mean_ok,
       abs(s.covariances[2] - (SELECT covar_pop(u, v) FROM d)) < 1e-12 AND s.covariances[2] = s.covariances[3] AS cov_symmetric,
       abs(s.covariances[4] - (SELECT var_pop(v) FROM d)) < 1e-12 AS var_ok,
       abs(s.target_covariances[1] - (SELECT covar_pop(u, y) FROM d)) < 1e-12 AS tcov_ok,
       abs(s.target_variance - (SELECT var_pop(y) FROM d)) < 1e-12 AS tvar_ok
FROM s;
-- folds partition the training rows
SELECT (SELECT sum(n) FROM pgct.sufficient_statistics(:oid, 5) WHERE part LIKE 'fold %')
     = (SELECT n FROM pgct.sufficient_statistics(:oid) WHERE part = 'train') AS folds_partition_train,
       (SELECT count(*) FROM pgct.sufficient_statistics(:oid, 5) WHERE part LIKE 'fold %') AS folds,
       (SELECT string_agg(part || '=' || n, ' ' ORDER BY part) FROM pgct.sufficient_statistics(:oid, 5) WHERE part NOT LIKE 'fold %') AS others;
SELECT * FROM pgct.sufficient_statistics(:oid, 1);
-- overrides change the split for one run; test_fraction 0 puts every usable row in train
SELECT part, n FROM pgct.sufficient_statistics(:oid, 0, '{"test_fraction": 0}');
SELECT part, n FROM pgct.sufficient_statistics(:oid, 0, '{"window": {"last_rows": 100}}');
SELECT part, n FROM pgct.sufficient_statistics(:oid, 0, '{"window": {"since": "2024-02-01"}, "test_fraction": 0}');
SELECT part, n FROM pgct.sufficient_statistics(:oid, 0, '{"window": {"last": "1 day"}, "test_fraction": 0}');
-- polynomial degree 2: expanded features u, u^2, v, v^2
SELECT cardinality(means) AS q, cardinality(covariances) AS qq FROM pgct.sufficient_statistics(:oid, 0, '{"polynomial_degree": 2}') WHERE part = 'train';
SELECT pgct.sufficient_statistics(99999);

-- the COPY query: float8 columns only, the same rows as the statistics
SELECT pgct.source_query(:oid, 'training') AS q \gset
SELECT count(*) AS copy_rows, count(*) FILTER (WHERE bucket < 200000) AS copy_test_rows FROM (:q) t;
CREATE TEMP TABLE copy_probe AS SELECT * FROM (:q) t LIMIT 0;
SELECT attname, format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'copy_probe'::regclass AND attnum > 0 ORDER BY attnum;
SELECT pgct.source_query(:oid, 'monitor');
SELECT pgct.source_query(:oid, 'predictions');
SELECT pgct.source_query(:oid, 'training', '{"polynomial_degree": 3}') AS q3 \gset
SELECT count(*) AS poly_rows, bool_and(abs(x2 - x1 * x1) < 1e-12 AND abs(x3 - x1 * x1 * x1) < 1e-12) AS powers_ok FROM (:q3) t;

-- score: exactly the rows of a part, the same numbers as computing them by hand
SELECT pgct.score(:oid, 4, ARRAY[2, -0.5]) AS s \gset
WITH d AS (SELECT y, 4 + 2 * u - 0.5 * v AS p FROM obs WHERE pgct.split_bucket(id::text, 42) < 200000
             AND u IS NOT NULL AND u <> 'NaN' AND y <> 'Infinity')
SELECT (:'s'::jsonb ->> 'n')::bigint = count(*) AS n_ok,
       abs((:'s'::jsonb ->> 'mae')::float8 - avg(abs(y - p))) < 1e-12 AS mae_ok,
       abs((:'s'::jsonb ->> 'rmse')::float8 - sqrt(avg((y - p) ^ 2))) < 1e-12 AS rmse_ok,
       abs((:'s'::jsonb ->> 'r2')::float8 - (1 - sum((y - p) ^ 2) / sum((y - (SELECT avg(y) FROM d)) ^ 2))) < 1e-9 AS r2_ok,
       (:'s'::jsonb ->> 'r2')::float8 > 0.99 AS good_fit
FROM d;
SELECT (pgct.score(:oid, 4, ARRAY[2, -0.5], 'train') ->> 'n')::int + (pgct.score(:oid, 4, ARRAY[2, -0.5], 'test') ->> 'n')::int
     = (pgct.score(:oid, 4, ARRAY[2, -0.5], 'all') ->> 'n')::int AS parts_add_up;
SELECT pgct.score(:oid, 4, ARRAY[2, -0.5], 'fold 2', '{"folds": 3}') ->> 'n' IS NOT NULL AS fold_scored;
SELECT pgct.score(:oid, 4, ARRAY[2]);
SELECT pgct.score(:oid, 4, ARRAY[2, -0.5], 'holdout');
-- one row: r2 is NULL, not a division error
SELECT pgct.score(:oid, 4, ARRAY[2, -0.5], 'all', '{"window": {"last_rows": 1}}') ->> 'r2' AS r2_one_row;
-- score_parts: both sides of the split in one pass, the same metrics as score on each side
-- (equal up to the summation order of the aggregates)
SELECT part, (metrics ->> 'n') = (s ->> 'n') AS n_same,
       bool_and(abs((metrics ->> k)::float8 - (s ->> k)::float8) <= 1e-12 * greatest(1, abs((s ->> k)::float8))) AS metrics_same
FROM pgct.score_parts(:oid, 4, ARRAY[2, -0.5]) sp, LATERAL pgct.score(:oid, 4, ARRAY[2, -0.5], sp.part) s,
     unnest(ARRAY['r2', 'mae', 'mse', 'rmse', 'max_error', 'mape']) k
GROUP BY part, metrics, s ORDER BY part;
SELECT part, bool_and(abs((metrics ->> k)::float8 - (s ->> k)::float8) <= 1e-12 * greatest(1, abs((s ->> k)::float8))) AS same_with_folds
FROM pgct.score_parts(:oid, 4, ARRAY[2, -0.5], '{"folds": 3}') sp, LATERAL pgct.score(:oid, 4, ARRAY[2, -0.5], sp.part, '{"folds": 3}') s,
     unnest(ARRAY['n', 'r2', 'mae', 'rmse']) k
GROUP BY part ORDER BY part;
SELECT * FROM pgct.score_parts(:oid, 4, ARRAY[2]);

-- evaluate a registered version in SQL
SELECT pgct.evaluate('obs');
SELECT pgct.begin_version(:oid, NULL, 'agent-1') AS ov \gset
SELECT pgct.finish_version(:oid, :ov, 'candidate', '{"intercept": 4, "coefficients": [2, -0.5]}');
SELECT model_version, n, r2 > 0.99 AS good FROM pgct.evaluate('obs', :ov);
SELECT model_version, n FROM pgct.evaluate('obs', :ov, '2024-02-01');

-- the validation profile: one row per column, quartiles and percentiles of usable values
SELECT column_name, role, rows, nulls, nans, pos_infs, neg_infs, huge, iqr_outliers, cardinality(percentiles) AS bins,
       q1 <= q3 AS ordered, abs(mean - (SELECT avg(v) FROM obs)) < 1e-9 OR column_name <> 'v' AS mean_ok
FROM pgct.column_profile(:oid);
