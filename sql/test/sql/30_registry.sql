-- The registry as the agent writes it, promotion, prediction, explanation, rollback, approval.
\set SHOW_CONTEXT never
CREATE TABLE pts (id integer PRIMARY KEY, x float8, z float8, y float8);
INSERT INTO pts SELECT i, i, i % 5, 1.19 * i + 6.7 + 0.5 * (i % 5) FROM generate_series(1, 50) i;
SELECT pgct.create_model('pts', 'pts', 'y', ARRAY['x', 'z']) AS mid \gset

-- no production version yet: clear errors, no generated function
SELECT pgct.predict('pts', ARRAY[1, 2]);
SELECT * FROM pgct.explain('pts', ARRAY[1, 2]);
SELECT pgct.predict('nope', ARRAY[1, 2]);
SELECT to_regprocedure('pgct_models.pts(float8, float8)') AS generated;

-- version 1, as the agent registers it
SELECT pgct.begin_version(:mid, NULL, 'agent-1') AS v1 \gset
SELECT version, status, algorithm, feature_names, options ->> 'seed' AS seed FROM pgct.model_versions WHERE model_id = :mid;
SELECT pgct.finish_version(:mid, :v1, 'candidate', '{"intercept": 6.7, "coefficients": [1.19]}');
SELECT pgct.finish_version(:mid, :v1, 'production', '{"intercept": 6.7, "coefficients": [1.19, 0.5]}');
SELECT pgct.finish_version(:mid, :v1, 'candidate', '{"intercept": 6.7, "coefficients": [1.19, 0.5], "feature_means": [1]}');
SELECT pgct.finish_version(:mid, :v1, 'candidate', '{"intercept": 6.7}');
SELECT pgct.finish_version(:mid, 99, 'candidate', '{"coefficients": [1, 2]}');
SELECT pgct.finish_version(:mid, :v1, 'candidate',
    '{"intercept": 6.7, "coefficients": [1.19, 0.5], "feature_means": [25.5, 2], "metrics": {"test": {"r2": 0.99, "mae": 0.1}},
      "train_rows": 40, "test_rows": 10, "solver": "qr", "condition_number": 12.5, "coefficient_std_errors": [0.01, 0.02]}');
SELECT pgct.finish_version(:mid, :v1, 'candidate', '{"coefficients": [1, 2]}');
SELECT version, status, intercept, coefficients, train_rows, solver, fit -> 'coefficient_std_errors' AS se
FROM pgct.model_versions WHERE model_id = :mid;

-- the agent promotes it: pointer, deployment, generated function, event — together
SELECT pgct.promote_version(:mid, :v1, NULL);
SELECT pgct.promote_version(:mid, :v1, 'agent-1', 'first version');
SELECT production_version FROM pgct.models WHERE id = :mid;
SELECT version, previous_version, action, reason, actor FROM pgct.deployments WHERE model_id = :mid ORDER BY id;
SELECT pgct.promote_version(:mid, :v1, 'agent-1');

-- prediction three ways agree
SELECT pgct.predict('pts', ARRAY[10, 3]) AS predict, pgct_models.pts(10, 3) AS generated, 6.7 + 1.19 * 10 + 0.5 * 3 AS by_hand;
SELECT pgct.predict('pts', ARRAY[10]);
SELECT pgct.predict('pts', NULL);
SELECT pg_get_functiondef('pgct_models.pts(float8, float8)'::regprocedure);
-- the generated function is inlined: the plan shows the expression, not a call
EXPLAIN (COSTS OFF, VERBOSE) SELECT pgct_models.pts(x, z) FROM pts;

-- explanation: contributions sum to prediction minus base
SELECT * FROM pgct.explain('pts', ARRAY[10, 3]);
SELECT abs(sum(contribution) - pgct.predict('pts', ARRAY[10, 3])) < 1e-9 AS sums_to_prediction,
       abs(sum(contribution) FILTER (WHERE feature <> '(base)')
           - (pgct.predict('pts', ARRAY[10, 3]) - sum(contribution) FILTER (WHERE feature = '(base)'))) < 1e-9 AS sums_to_delta
FROM pgct.explain('pts', ARRAY[10, 3]);
SELECT * FROM pgct.explain('pts', ARRAY[1, 2, 3]);

-- version 2: promoted by an admin
SELECT pgct.begin_version(:mid, NULL, 'agent-1') AS v2 \gset
SELECT pgct.promote('pts', :v2);
SELECT pgct.finish_version(:mid, :v2, 'candidate', '{"intercept": 7, "coefficients": [1.2, 0.4], "feature_means": [25.5, 2]}');
SELECT pgct.promote('pts', :v2, 'looks better');
SELECT version, status FROM pgct.model_versions WHERE model_id = :mid ORDER BY version;
SELECT pgct_models.pts(10, 3) AS v2_prediction;

-- atomicity: a promotion rolled back leaves pointer, statuses, function, history unchanged
SELECT pgct.begin_version(:mid, NULL, 'agent-1') AS v3 \gset
SELECT pgct.finish_version(:mid, :v3, 'candidate', '{"intercept": 100, "coefficients": [0, 0], "feature_means": [25.5, 2]}');
BEGIN;
SELECT pgct.promote('pts', :v3);
SELECT pgct_models.pts(10, 3) AS inside_transaction;
ROLLBACK;
SELECT production_version, pgct_models.pts(10, 3) AS after_rollback FROM pgct.models WHERE id = :mid;
SELECT version, status FROM pgct.model_versions WHERE model_id = :mid ORDER BY version;
SELECT count(*) AS deployments FROM pgct.deployments WHERE model_id = :mid;
-- the database itself refuses two production versions
UPDATE pgct.model_versions SET status = 'production' WHERE model_id = :mid AND version = :v3;

-- rollback walks back through the history and regenerates the function
SELECT pgct.promote('pts', :v3, 'try it');
SELECT pgct.rollback('pts', 'bad idea') AS rolled_back_to;
SELECT pgct_models.pts(10, 3) AS after_first_rollback;
SELECT pgct.rollback('pts') AS rolled_back_to;
SELECT pgct_models.pts(10, 3) AS after_second_rollback;
SELECT pgct.rollback('pts');
SELECT version, previous_version, action, reason FROM pgct.deployments WHERE model_id = :mid ORDER BY id;

-- approval: awaiting_approval goes to production only through approve (or an explicit promote)
SELECT pgct.begin_version(:mid, NULL, 'agent-1') AS v4 \gset
SELECT pgct.finish_version(:mid, :v4, 'awaiting_approval', '{"intercept": 5, "coefficients": [1, 1], "feature_means": [25.5, 2]}');
SELECT pgct.promote_version(:mid, :v4, 'agent-1');
SELECT pgct.approve('pts', :v3);
SELECT pgct.approve('pts', :v4, 'reviewed');
SELECT production_version, pgct_models.pts(10, 3) AS approved_prediction FROM pgct.models WHERE id = :mid;
-- reject
SELECT pgct.begin_version(:mid, NULL, 'agent-1') AS v5 \gset
SELECT pgct.finish_version(:mid, :v5, 'awaiting_approval', '{"intercept": 5, "coefficients": [1, 1]}');
SELECT pgct.reject('pts', :v5, 'not convincing');
SELECT pgct.reject('pts', :v5, 'twice');
SELECT pgct.approve('pts', :v5);
-- a failed version and an experiment that must never be promoted
SELECT pgct.begin_version(:mid, NULL, 'agent-1') AS v6 \gset
SELECT pgct.fail_version(:mid, :v6, 'rank deficient: z is constant', '{"validation": {"errors": 1}}');
SELECT pgct.fail_version(:mid, :v6, 'again');
SELECT pgct.begin_version(:mid, NULL, 'agent-1', 'linear', '{"promote": false, "test_fraction": 0.5}') AS v7 \gset
SELECT pgct.finish_version(:mid, :v7, 'candidate', '{"intercept": 1, "coefficients": [1, 1]}');
SELECT pgct.promote('pts', :v7);
SELECT pgct.promote_version(:mid, :v7, 'agent-1');
SELECT version, status, promotable, options ->> 'test_fraction' AS tf, error FROM pgct.model_versions WHERE model_id = :mid ORDER BY version;
SELECT model, version, status, last_deployment, deployment_reason FROM pgct.history WHERE model = 'pts' ORDER BY version;
SELECT event, version, level FROM pgct.events WHERE model_id = :mid AND event IN ('deployed', 'rejected', 'training_failed') ORDER BY id;
