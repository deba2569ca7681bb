-- pgct.prediction_sample: predicted vs actual of the production version, for reports.
\set SHOW_CONTEXT never
CREATE TABLE "Sample Src" ("row id" bigserial PRIMARY KEY, "x x" float8, "the target" numeric);
SELECT pgct.create_model('sampled', '"Sample Src"', 'the target', ARRAY['x x']) AS sid \gset
-- errors: an unknown model, a sample size that is not positive
SELECT * FROM pgct.prediction_sample('no_such_model', 10);
SELECT * FROM pgct.prediction_sample('sampled', 0);
SELECT * FROM pgct.prediction_sample('sampled', NULL);
-- no production version yet: an empty sample
INSERT INTO "Sample Src" ("x x", "the target") SELECT i, 2 * i + 1 FROM generate_series(1, 5) i;
SELECT count(*) AS before_production FROM pgct.prediction_sample('sampled');
-- y = 2x + 1 in production; rows existing at promotion are not served, new ones are
SELECT pgct.begin_version(:sid, NULL, 'agent-1') AS v \gset
SELECT pgct.finish_version(:sid, :v, 'candidate', '{"intercept": 1, "coefficients": [2]}');
SELECT pgct.promote_version(:sid, :v, 'agent-1');
SELECT pgct.log_predictions('sampled') AS logged_old_rows;
-- labelled, unlabelled (NULL), unusable (NaN) targets and an unusable feature
INSERT INTO "Sample Src" ("x x", "the target") VALUES (10, 20), (11, NULL), (12, 'NaN'), ('NaN', 7), (13, 28), (14, 30);
SELECT pgct.log_predictions('sampled') AS logged;
-- only rows with a usable target and a prediction, newest first
SELECT row_id::bigint - 5 AS new_row, actual, predicted, actual - predicted AS residual
FROM pgct.prediction_sample('sampled', 100);
SELECT count(*) AS limited FROM pgct.prediction_sample('sampled', 2);
-- the truth arriving later enters the sample
UPDATE "Sample Src" SET "the target" = 22 WHERE "x x" = 11;
SELECT count(*) AS after_update FROM pgct.prediction_sample('sampled');
-- readers may call it, PUBLIC may not
SELECT has_function_privilege('pgct_reader', 'pgct.prediction_sample(text, integer)', 'EXECUTE') AS reader,
       has_function_privilege('public', 'pgct.prediction_sample(text, integer)', 'EXECUTE') AS public;
SELECT pgct.drop_model('sampled', false);
DROP TABLE "Sample Src";
