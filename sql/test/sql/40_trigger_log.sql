-- The source trigger never fails the application's statement; the prediction log.
\set SHOW_CONTEXT never
CREATE TABLE readings (id bigserial PRIMARY KEY, a float8, b numeric, c integer, y float8);
SELECT pgct.create_model('readings', 'readings', 'y', ARRAY['a', 'b', 'c']) AS rid \gset
SELECT count(*) FROM pgct.take_wakeups();  -- start from a quiet doorbell
-- every bad value kind, with no production version and no agent: the statements succeed
INSERT INTO readings (a, b, c, y) VALUES (NULL, NULL, NULL, NULL);
INSERT INTO readings (a, b, c, y) VALUES ('NaN', 'NaN', 1, 'NaN'), ('Infinity', 'Infinity', 2, '-Infinity');
INSERT INTO readings (a, b, c, y) VALUES (1e308, 1e400, 2147483647, 1e308), (-1e308, -1e400, -2147483648, 5);
INSERT INTO readings (a, b, c, y) SELECT i, i * 2, i % 3, 3 * i + 1 FROM generate_series(1, 40) i;
UPDATE readings SET y = y + 0 WHERE id = 1;
UPDATE readings SET a = a WHERE id = 1;  -- not the target column: the trigger does not fire for it
-- the doorbell rang once (flag set, one NOTIFY) and the agent can take it
SELECT pending FROM pgct.wakeups WHERE model_id = :rid;
SELECT pgct.take_wakeups() = :rid AS rang;
SELECT count(*) AS still_pending FROM pgct.take_wakeups();
-- the bad values are visible in the validation profile and excluded from training data
SELECT column_name, rows, nulls, nans, pos_infs, neg_infs, huge, min, max FROM pgct.column_profile(:rid);
SELECT part, n FROM pgct.sufficient_statistics(:rid);
-- no production version: nothing to log
SELECT pgct.log_predictions('readings');

-- promote a version; rows existing at that moment are not "served" by it
SELECT pgct.begin_version(:rid, NULL, 'agent-1') AS v \gset
SELECT pgct.finish_version(:rid, :v, 'candidate', '{"intercept": 1, "coefficients": [1, 1, 0]}');
SELECT pgct.promote_version(:rid, :v, 'agent-1');
SELECT pgct.log_predictions('readings');
-- new rows, good and bad, are logged once each; bad features get a NULL prediction
INSERT INTO readings (a, b, c, y) VALUES (100, 1, 0, NULL), ('NaN', 1, 0, 2), (1e300, 1, 0, 3), (2, 2, 2, NULL);
SELECT pgct.log_predictions('readings') AS logged;
SELECT pgct.log_predictions('readings') AS logged_again;
SELECT r.a, r.b, p.version, p.predicted FROM pgct.predictions p JOIN readings r ON r.id::text = p.row_id
WHERE p.model_id = :rid ORDER BY r.id;
-- ground truth arrives later: no new predictions, live metrics see it
UPDATE readings SET y = 101 WHERE a = 100;
UPDATE readings SET y = 4 WHERE a = 2 AND y IS NULL;
SELECT pgct.log_predictions('readings') AS logged_after_update;
SELECT model_version, n, mae, max_error FROM pgct.live_metrics(:rid);
-- the safety-net scan: a row the log has not reached yet is reported, then not after logging
SELECT count(*) FROM pgct.take_wakeups();
SELECT set_config('pgct.ring_' || :rid, '', false) IS NOT NULL AS throttle_reset;  -- or wait 50 ms
INSERT INTO readings (a, b, c, y) VALUES (7, 7, 7, 7);
SELECT reason FROM pgct.pending_work() WHERE model_id = :rid ORDER BY 1;
SELECT pgct.log_predictions('readings') AS logged;
SELECT pgct.log_predictions('readings') AS logged;
SELECT reason FROM pgct.pending_work() WHERE model_id = :rid ORDER BY 1;

-- a crash empties the unlogged flags: take_wakeups re-creates them as rung
DELETE FROM pgct.wakeups;
SELECT :rid IN (SELECT pgct.take_wakeups()) AS rung_after_crash;
SELECT pending FROM pgct.wakeups WHERE model_id = :rid;

-- a REPEATABLE READ transaction whose snapshot predates the flag: the ring path runs, no error
SELECT set_config('pgct.ring_' || :rid, '', false) IS NOT NULL AS throttle_reset;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM readings;
INSERT INTO readings (a, b, c, y) VALUES (8, 8, 8, 8);
COMMIT;

-- non-integer ids: the anti-join path
CREATE TABLE tagged (tag text PRIMARY KEY, x float8, y float8);
INSERT INTO tagged VALUES ('a', 1, 2), ('b', 2, 4);
SELECT pgct.create_model('tagged', 'tagged', 'y', ARRAY['x']) AS tid \gset
SELECT pgct.begin_version(:tid, NULL, 'agent-1') AS tv \gset
SELECT pgct.finish_version(:tid, :tv, 'candidate', '{"intercept": 0, "coefficients": [2]}');
SELECT pgct.promote_version(:tid, :tv, 'agent-1');
SELECT row_id, version, predicted FROM pgct.predictions WHERE model_id = :tid ORDER BY row_id;
INSERT INTO tagged VALUES ('c', 3, NULL), ('d ; drop', 4, 8);
SELECT pgct.log_predictions('tagged') AS logged, pgct.log_predictions('tagged') AS again;
SELECT row_id, version, predicted FROM pgct.predictions WHERE model_id = :tid ORDER BY row_id;
-- the registry row vanishes under a live trigger (no drop_model): inserts still work
DELETE FROM pgct.models WHERE id = :tid;
SELECT set_config('pgct.ring_' || :tid, '', false) IS NOT NULL AS throttle_reset;
INSERT INTO tagged VALUES ('e', 5, 10);
SELECT count(*) AS tagged_rows FROM tagged;
