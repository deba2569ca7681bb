-- Roles: readers read and predict, admins run the lifecycle, the agent only its functions,
-- applications insert into their own tables and cannot touch pgct.
\set SHOW_CONTEXT never
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgct_test_app') THEN CREATE ROLE pgct_test_app; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgct_test_analyst') THEN CREATE ROLE pgct_test_analyst; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgct_test_admin') THEN CREATE ROLE pgct_test_admin; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgct_test_agent') THEN CREATE ROLE pgct_test_agent; END IF;
END
$$;
GRANT pgct_reader TO pgct_test_analyst;
GRANT pgct_admin TO pgct_test_admin;
GRANT pgct_agent TO pgct_test_agent;
CREATE TABLE app_events (id bigserial PRIMARY KEY, x float8, y float8);
ALTER TABLE app_events OWNER TO pgct_test_admin;
GRANT INSERT, UPDATE, SELECT ON app_events TO pgct_test_app;
GRANT USAGE ON SEQUENCE app_events_id_seq TO pgct_test_app;
GRANT SELECT ON app_events TO pgct_test_agent;  -- the admin grants the agent its sources
CREATE TABLE guarded (id integer PRIMARY KEY, a float8, b float8);  -- not the admin's table

-- the admin creates a model on a table it owns
SET ROLE pgct_test_admin;
SELECT pgct.create_model('app', 'app_events', 'y', ARRAY['x']) AS aid \gset
RESET ROLE;

-- the application: inserts work (the trigger runs), pgct is closed to it
SET ROLE pgct_test_app;
INSERT INTO app_events (x, y) VALUES (1, 2), ('NaN', NULL), ('Infinity', 1e308);
UPDATE app_events SET y = 3 WHERE x = 1;
SELECT count(*) FROM pgct.models;
SELECT count(*) FROM pgct.wakeups;
INSERT INTO pgct.events (level, event, message) VALUES ('INFO', 'x', 'y');
SELECT pgct.predict('app', ARRAY[1]);
SELECT pgct.take_wakeups();
RESET ROLE;
SELECT pending FROM pgct.wakeups WHERE model_id = :aid;

-- the agent: claims, registers and promotes what it trained; no admin functions
SET ROLE pgct_test_agent;
SELECT kind, attempts FROM pgct.claim_job('agent-roles');
SELECT pgct.begin_version(:aid, NULL, 'agent-roles') AS av \gset
SELECT part, n FROM pgct.sufficient_statistics(:aid, 0, '{"test_fraction": 0}');
SELECT pgct.finish_version(:aid, :av, 'candidate', '{"intercept": 1, "coefficients": [2], "feature_means": [1]}');
SELECT pgct.promote_version(:aid, :av, 'agent-roles');
RESET ROLE;
SET ROLE pgct_test_app;
INSERT INTO app_events (x, y) VALUES (5, 11);
RESET ROLE;
SET ROLE pgct_test_agent;
SELECT pgct.log_predictions('app') AS logged;
SELECT pgct.record_monitoring(:aid, :av, 'insufficient_data', 0, agent_id => 'agent-roles') > 0 AS monitored;
SELECT pgct.promote('app', :av);
SELECT pgct.rollback('app');
SELECT pgct.create_model('app2', 'app_events', 'y', ARRAY['x']);
UPDATE pgct.models SET production_version = NULL;
DELETE FROM pgct.predictions;
RESET ROLE;

-- the analyst reads and predicts, cannot change anything
SET ROLE pgct_test_analyst;
SELECT pgct.predict('app', ARRAY[10]) AS predicted, pgct_models.app(10) AS generated;
SELECT feature, contribution FROM pgct.explain('app', ARRAY[10]);
SELECT model, production_version, state FROM pgct.status WHERE model = 'app';
SELECT model, version, status FROM pgct.history WHERE model = 'app';
SELECT count(*) > 0 AS sees_events FROM pgct.recent_events;
SELECT count(*) AS predictions FROM pgct.predictions WHERE model_id = :aid;
SELECT pgct.promote('app', :av);
SELECT pgct.rollback('app');
SELECT pgct.approve('app', :av);
SELECT pgct.train('app');
SELECT pgct.claim_job('analyst');
SELECT pgct.drop_model('app');
UPDATE pgct.models SET options = '{}';
DELETE FROM pgct.events;
RESET ROLE;

-- the admin: lifecycle works; it cannot create a trigger on a table it may not trigger on
SET ROLE pgct_test_admin;
SELECT pgct.train('app') > 0 AS queued;
SELECT pgct.alter_model('app', '{"r2_threshold": 0.3}') ->> 'r2_threshold' AS r2_threshold;
SELECT pgct.create_model('guarded', 'guarded', 'b', ARRAY['a']);
SELECT count(*) AS guarded_models FROM pgct.models WHERE name = 'guarded';
SELECT pgct.drop_model('app');
RESET ROLE;

-- clean up the cluster-wide test roles
DROP TABLE app_events, guarded;
REVOKE pgct_reader FROM pgct_test_analyst;
REVOKE pgct_admin FROM pgct_test_admin;
REVOKE pgct_agent FROM pgct_test_agent;
DROP OWNED BY pgct_test_app, pgct_test_analyst, pgct_test_admin, pgct_test_agent;
DROP ROLE pgct_test_app, pgct_test_analyst, pgct_test_admin, pgct_test_agent;
