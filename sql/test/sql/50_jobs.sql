-- The durable queue: claims, visibility timeout, retries, parking, one training per model.
\set SHOW_CONTEXT never
CREATE TABLE q (id integer PRIMARY KEY, x float8, y float8);
SELECT pgct.create_model('q', 'q', 'y', ARRAY['x']) AS qid \gset
UPDATE pgct.jobs SET status = 'done' WHERE status IN ('pending', 'running');  -- earlier tests' queues
SELECT pgct.train('q', '{"alpha": 2}') AS j1 \gset
-- never two trainings of one model at once: the live job is reused
SELECT pgct.train('q') = :j1 AS reused;
SELECT pgct.train('q', '{"bogus": 1}');
SELECT pgct.train('nope');
SELECT pgct.enqueue_job(:qid, 'monitor') AS m1 \gset
SELECT pgct.enqueue_job(:qid, 'monitor') = :m1 AS monitor_reused;
SELECT pgct.enqueue_job(:qid, 'dance');
SELECT pgct.claim_job(NULL);
-- claims go oldest first, each to one agent
SELECT id = :j1 AS first, kind, status, attempts, claimed_by, payload -> 'overrides' AS overrides
FROM pgct.claim_job('agent-a', '1 minute');
SELECT id = :m1 AS second, kind, attempts, claimed_by FROM pgct.claim_job('agent-b');
SELECT count(*) AS nothing_left FROM pgct.claim_job('agent-c');
-- while training runs, a new training request still reuses the running job
SELECT pgct.train('q') = :j1 AS reused_while_running;
-- only the holder may complete, extend or fail
SELECT pgct.complete_job(:j1, 'agent-b', '{}');
SELECT pgct.extend_claim(:j1, 'agent-b');
SELECT pgct.extend_claim(:j1, 'agent-a') > now() AS extended;
SELECT pgct.complete_job(:m1, 'agent-b', '{"decision": "stable"}');
SELECT status, result FROM pgct.jobs WHERE id = :m1;
-- failure: back to pending with a backoff, then parked after max_attempts with a SEVERE event
SELECT pgct.fail_job(:j1, 'agent-a', 'boom 1');
SELECT status, attempts, last_error, run_after > now() AS backing_off, claimed_by FROM pgct.jobs WHERE id = :j1;
SELECT count(*) AS not_yet FROM pgct.claim_job('agent-a');
UPDATE pgct.jobs SET run_after = now() - interval '1 second' WHERE id = :j1;
SELECT attempts FROM pgct.claim_job('agent-a');
-- the agent dies: its claim expires and another agent takes the job over
UPDATE pgct.jobs SET claimed_until = now() - interval '1 second' WHERE id = :j1;
SELECT attempts, claimed_by FROM pgct.claim_job('agent-b');
SELECT pgct.complete_job(:j1, 'agent-a', '{}');
SELECT pgct.fail_job(:j1, 'agent-b', 'boom 3');
SELECT status, attempts, last_error FROM pgct.jobs WHERE id = :j1;
SELECT level, event, job_id = :j1 AS this_job FROM pgct.events WHERE event LIKE 'job_%' ORDER BY id;
-- a parked training no longer blocks a new one
SELECT pgct.train('q') <> :j1 AS new_job;
-- an agent that died on the last attempt: parked by the next claim
SELECT id AS j2 FROM pgct.claim_job('agent-a') \gset
UPDATE pgct.jobs SET attempts = max_attempts, claimed_until = now() - interval '1 second' WHERE id = :j2;
SELECT count(*) AS claimed FROM pgct.claim_job('agent-b');
SELECT status, last_error FROM pgct.jobs WHERE id = :j2;
SELECT state FROM pgct.status WHERE model = 'q';
