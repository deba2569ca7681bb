-- Option validation and the deterministic split.
\set SHOW_CONTEXT never
SELECT pgct.check_options('{"test_fraction": 0.3, "window": {"last_rows": 500}}') ->> 'test_fraction' AS tf,
       pgct.check_options('{"test_fraction": 0.3, "window": {"last_rows": 500}}') -> 'window' AS win;
SELECT pgct.check_options('{"mae_threshold": null, "cooldown": "1 hour"}') ->> 'cooldown' AS cooldown;
-- errors: unknown key, wrong types, ranges, windows
SELECT pgct.check_options('{"test_fractoin": 0.3}');
SELECT pgct.check_options('{"fit_intercept": "yes"}');
SELECT pgct.check_options('{"polynomial_degree": 1.5}');
SELECT pgct.check_options('{"polynomial_degree": 0}');
SELECT pgct.check_options('{"test_fraction": 1}');
SELECT pgct.check_options('{"folds": 1}');
SELECT pgct.check_options('{"promotion_metric": "mape"}');
SELECT pgct.check_options('{"cooldown": "soon"}');
SELECT pgct.check_options('{"window": "recent"}');
SELECT pgct.check_options('{"window": {"last_rows": 0}}');
SELECT pgct.check_options('{"window": {"last_rows": 5, "since": "2024-01-01"}}');
SELECT pgct.check_options('{"window": {"since": "yesterday-ish"}}', NULL, false, 'ts');
SELECT pgct.check_options('{"window": {"last": "1 day"}}');
SELECT pgct.check_options('[1, 2]');
-- "promote" is an override of one run, not a model option
SELECT pgct.check_options('{"promote": false}');
SELECT pgct.check_options('{"promote": false}', NULL, true) ->> 'promote' AS promote;

-- split_bucket is the documented formula, in range, deterministic, seed-dependent.
SELECT bool_and(pgct.split_bucket(i::text, 42) = ((hashtextextended(i::text, 42) % 1000000) + 1000000) % 1000000) AS formula,
       bool_and(pgct.split_bucket(i::text, 42) BETWEEN 0 AND 999999) AS in_range,
       bool_and(pgct.split_bucket(i::text, 42) = pgct.split_bucket(i::text, 42)) AS stable,
       count(*) FILTER (WHERE pgct.split_bucket(i::text, 42) <> pgct.split_bucket(i::text, 7)) > 19000 AS seed_matters
FROM generate_series(1, 20000) i;
-- about test_fraction of the ids are test rows
SELECT abs(avg((pgct.split_bucket(i::text, 42) < 200000)::int) - 0.2) < 0.01 AS fraction_ok
FROM generate_series(1, 100000) i;
-- it is inlined (plain SQL, no function call in the plan) so it parallelizes
EXPLAIN (COSTS OFF, VERBOSE) SELECT pgct.split_bucket(i::text, 42) FROM generate_series(1, 3) i;
-- expansion order: each feature's powers in turn
SELECT pgct.expanded_features(ARRAY['a', 'b'], 3), pgct.expand(ARRAY[2, 3]::float8[], 2);
