-- pgct: continuous training for linear models inside PostgreSQL.
--
-- This is the ONE source script. `make -C sql` copies it to pgct--<version>.sql for
-- CREATE EXTENSION; `pgct install` applies the same text directly where extension files
-- cannot be copied (managed PostgreSQL): it strips the \echo line, replaces @extschema@ by
-- pgct, runs CREATE SCHEMA IF NOT EXISTS pgct and SET pgct.direct_install = 'on' first,
-- then runs this script in one transaction. Anything only valid inside CREATE EXTENSION is
-- guarded by that setting.
--
-- Conventions: every name schema-qualified (pg_catalog too where resolution matters);
-- every dynamic identifier through format('%I') / regclass; values bound with EXECUTE …
-- USING, except in the SQL text returned for COPY (values there go through %L);
-- SECURITY DEFINER functions pin search_path; errors carry an ERRCODE and a HINT.

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pgct" to load this file. \quit

-------------------------------------------------------------------------------
-- Roles (cluster-wide, so created only when missing)
-------------------------------------------------------------------------------
DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['pgct_reader', 'pgct_admin', 'pgct_agent'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            -- Two databases of one cluster may install pgct at the same moment: the loser of
            -- that race finds the role created by the other, which is just as good.
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$roles$;

-- Schema for the generated per-model prediction functions (pgct_models.<model>(…)).
CREATE SCHEMA IF NOT EXISTS pgct_models;
COMMENT ON SCHEMA pgct_models IS
    'pgct: one generated, inlinable prediction function per model, holding the production coefficients';

-------------------------------------------------------------------------------
-- Tables
-------------------------------------------------------------------------------
CREATE TABLE @extschema@.models (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text NOT NULL
        CONSTRAINT models_name_check CHECK (name ~ '^[a-z_][a-z0-9_]*$' AND pg_catalog.octet_length(name) <= 63),
    source             regclass NOT NULL,
    id_column          text NOT NULL,
    time_column        text,
    target             text NOT NULL,
    features           text[] NOT NULL
        CONSTRAINT models_features_check CHECK (pg_catalog.cardinality(features) BETWEEN 1 AND 1000),
    algorithm          text NOT NULL CONSTRAINT models_algorithm_check CHECK (algorithm IN ('linear', 'ridge')),
    options            jsonb NOT NULL,
    production_version integer,
    trigger_relations  regclass[] NOT NULL DEFAULT '{}',
    created_by         text NOT NULL DEFAULT session_user,
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    dropped_at         timestamptz
);
-- A dropped model keeps its history (drop_model(keep_history => true)) and frees its name.
CREATE UNIQUE INDEX models_name_key ON @extschema@.models (name) WHERE dropped_at IS NULL;
COMMENT ON TABLE @extschema@.models IS 'pgct: one row per model: its source relation, columns, algorithm, effective options and production pointer';
COMMENT ON COLUMN @extschema@.models.options IS 'effective options: the defaults of pgct.default_options() merged with what the user gave';
COMMENT ON COLUMN @extschema@.models.production_version IS 'the production pointer; changed only by promote/rollback/approve in one audited transaction';
COMMENT ON COLUMN @extschema@.models.trigger_relations IS 'tables carrying the wake-up trigger (the source, or the base tables of a view)';

CREATE TABLE @extschema@.model_versions (
    model_id           bigint NOT NULL REFERENCES @extschema@.models (id) ON DELETE CASCADE,
    version            integer NOT NULL CHECK (version > 0),
    status             text NOT NULL CONSTRAINT model_versions_status_check CHECK (status IN
                           ('training', 'candidate', 'production', 'archived', 'rejected', 'failed', 'awaiting_approval')),
    algorithm          text NOT NULL,
    options            jsonb NOT NULL,
    overrides          jsonb,
    promotable         boolean NOT NULL DEFAULT true,
    intercept          float8,
    coefficients       float8[],
    feature_names      text[],
    feature_means      float8[],
    feature_stats      jsonb,
    training_window    jsonb,
    train_rows         bigint,
    test_rows          bigint,
    data_fingerprint   text,
    metrics            jsonb,
    fit                jsonb,
    condition_number   float8,
    solver             text,
    timings            jsonb,
    error              text,
    job_id             bigint,
    agent_id           text,
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    finished_at        timestamptz,
    PRIMARY KEY (model_id, version),
    CONSTRAINT model_versions_coefficients_check CHECK (
        coefficients IS NULL OR feature_names IS NULL
        OR pg_catalog.cardinality(coefficients) = pg_catalog.cardinality(feature_names)),
    CONSTRAINT model_versions_servable_check CHECK (
        status NOT IN ('candidate', 'production', 'archived', 'awaiting_approval')
        OR (coefficients IS NOT NULL AND intercept IS NOT NULL))
);
-- Exactly one production version per model, enforced by the database itself.
CREATE UNIQUE INDEX model_versions_one_production ON @extschema@.model_versions (model_id) WHERE status = 'production';
COMMENT ON TABLE @extschema@.model_versions IS 'pgct: the registry: every fit of every model, its data window, metrics and coefficients in original units';
COMMENT ON COLUMN @extschema@.model_versions.coefficients IS 'coefficients in original units (scaling folded in), in the order of feature_names (expanded features)';
COMMENT ON COLUMN @extschema@.model_versions.feature_means IS 'training mean of each expanded feature: the baseline of pgct.explain';
COMMENT ON COLUMN @extschema@.model_versions.promotable IS 'false for experiments run with overrides {"promote": false}: registered, compared, never promoted';

ALTER TABLE @extschema@.models
    ADD CONSTRAINT models_production_fkey FOREIGN KEY (id, production_version)
    REFERENCES @extschema@.model_versions (model_id, version);

CREATE TABLE @extschema@.deployments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id         bigint NOT NULL REFERENCES @extschema@.models (id) ON DELETE CASCADE,
    version          integer NOT NULL,
    previous_version integer,
    action           text NOT NULL CONSTRAINT deployments_action_check CHECK (action IN ('promote', 'rollback', 'approve', 'manual')),
    reason           text,
    actor            text NOT NULL,
    at               timestamptz NOT NULL DEFAULT pg_catalog.now(),
    FOREIGN KEY (model_id, version) REFERENCES @extschema@.model_versions (model_id, version) ON DELETE CASCADE
);
CREATE INDEX deployments_model_idx ON @extschema@.deployments (model_id, id);
COMMENT ON TABLE @extschema@.deployments IS 'pgct: history of the production pointer: who moved it, to which version, why, when';

CREATE TABLE @extschema@.predictions (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    model_id     bigint NOT NULL REFERENCES @extschema@.models (id) ON DELETE CASCADE,
    version      integer,
    row_id       text NOT NULL,
    predicted    float8,
    predicted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- model_id leads every key so that the table can later be hash- or list-partitioned by model.
    PRIMARY KEY (model_id, row_id)
);
-- Monitoring reads "the last N rows a version predicted": newest first per (model, version).
CREATE INDEX predictions_monitor_idx ON @extschema@.predictions (model_id, version, id);
COMMENT ON TABLE @extschema@.predictions IS 'pgct: prediction log: the value served for each source row, once, with the version that served it; version NULL = row existed before the first production version';

CREATE TABLE @extschema@.monitoring (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id    bigint NOT NULL REFERENCES @extschema@.models (id) ON DELETE CASCADE,
    version     integer,
    window_rows integer,
    labelled_n  bigint NOT NULL DEFAULT 0,
    r2          float8,
    mae         float8,
    rmse        float8,
    drift       jsonb,
    drift_score float8,
    decision    text NOT NULL CONSTRAINT monitoring_decision_check CHECK (decision IN ('stable', 'retrain', 'insufficient_data')),
    reason      text,
    details     jsonb,
    agent_id    text,
    at          timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX monitoring_model_idx ON @extschema@.monitoring (model_id, id);
COMMENT ON TABLE @extschema@.monitoring IS 'pgct: one row per evaluation of the production version over the labelled rows it predicted';

CREATE TABLE @extschema@.jobs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id      bigint NOT NULL REFERENCES @extschema@.models (id) ON DELETE CASCADE,
    kind          text NOT NULL CONSTRAINT jobs_kind_check CHECK (kind IN ('train', 'monitor', 'log_predictions')),
    payload       jsonb NOT NULL DEFAULT '{}',
    status        text NOT NULL DEFAULT 'pending' CONSTRAINT jobs_status_check CHECK (status IN ('pending', 'running', 'done', 'failed', 'parked')),
    attempts      integer NOT NULL DEFAULT 0,
    max_attempts  integer NOT NULL DEFAULT 3 CHECK (max_attempts > 0),
    claimed_by    text,
    claimed_until timestamptz,
    run_after     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    result        jsonb,
    last_error    text,
    created_by    text NOT NULL DEFAULT session_user,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);
-- Never two trainings of one model at once: at most one pending or running train job.
CREATE UNIQUE INDEX jobs_one_training ON @extschema@.jobs (model_id) WHERE kind = 'train' AND status IN ('pending', 'running');
-- Other kinds are idempotent: one pending job of a kind per model is enough.
CREATE UNIQUE INDEX jobs_one_pending ON @extschema@.jobs (model_id, kind) WHERE status = 'pending' AND kind <> 'train';
-- claim_job scans only the live part of the queue.
CREATE INDEX jobs_claimable ON @extschema@.jobs (id) WHERE status IN ('pending', 'running');
COMMENT ON TABLE @extschema@.jobs IS 'pgct: durable work queue for the agent, claimed with FOR UPDATE SKIP LOCKED and a visibility timeout';

CREATE TABLE @extschema@.events (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    level    text NOT NULL CONSTRAINT events_level_check CHECK (level IN ('INFO', 'WARNING', 'SEVERE')),
    event    text NOT NULL,
    message  text NOT NULL,
    details  jsonb NOT NULL DEFAULT '{}',
    model_id bigint,
    version  integer,
    job_id   bigint,
    actor    text NOT NULL DEFAULT session_user
);
CREATE INDEX events_model_idx ON @extschema@.events (model_id, id);
COMMENT ON TABLE @extschema@.events IS 'pgct: structured, queryable log of every step (model_id is kept, not a foreign key, so history survives drop_model)';

-- Doorbell state for the source triggers. UNLOGGED: it is only a hint (a crash empties it and
-- the agent's rescan on connect covers that), and unlogged writes cost the inserting app nothing in WAL.
CREATE UNLOGGED TABLE @extschema@.wakeups (
    model_id bigint PRIMARY KEY REFERENCES @extschema@.models (id) ON DELETE CASCADE,
    pending  boolean NOT NULL DEFAULT false,
    since    timestamptz,
    taken_at timestamptz
);
COMMENT ON TABLE @extschema@.wakeups IS 'pgct: per-model "new rows arrived" flag, set by the source trigger when unset (then it notifies), cleared by pgct.take_wakeups()';

-- Where pgct.log_predictions got to (see that function for the algorithm).
CREATE TABLE @extschema@.log_state (
    model_id       bigint PRIMARY KEY REFERENCES @extschema@.models (id) ON DELETE CASCADE,
    logged_through bigint,
    mark_id        bigint,
    mark_xmax      xid8,
    last_run_at    timestamptz
);
COMMENT ON TABLE @extschema@.log_state IS 'pgct: prediction-log watermark per model (integer ids): every source row with id <= logged_through has a logged prediction';

-- User data survives pg_dump only if registered; that call is valid only inside CREATE EXTENSION.
DO $dump$
BEGIN
    IF pg_catalog.current_setting('pgct.direct_install', true) IS DISTINCT FROM 'on' THEN
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.models', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.model_versions', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.deployments', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.predictions', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.monitoring', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.jobs', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.events', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.log_state', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.models_id_seq', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.deployments_id_seq', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.predictions_id_seq', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.monitoring_id_seq', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.jobs_id_seq', '');
        PERFORM pg_catalog.pg_extension_config_dump('@extschema@.events_id_seq', '');
    END IF;
END
$dump$;

-------------------------------------------------------------------------------
-- Basics: split, events, options, lookups
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.split_bucket(id text, seed bigint) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (((pg_catalog.hashtextextended(id, seed) OPERATOR(pg_catalog.%) 1000000) OPERATOR(pg_catalog.+) 1000000)
        OPERATOR(pg_catalog.%) 1000000)::integer;
COMMENT ON FUNCTION @extschema@.split_bucket(text, bigint) IS
    'pgct: stable hash bucket 0..999999 of a row id; test row iff bucket < round(test_fraction*1e6); K-fold index = bucket % K. Same hash as the Swift model library.';

CREATE FUNCTION @extschema@.log_event(level text, event text, message text, details jsonb DEFAULT NULL,
                                      model_id bigint DEFAULT NULL, version integer DEFAULT NULL, job_id bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    new_id bigint;
BEGIN
    IF level IS NULL OR level NOT IN ('INFO', 'WARNING', 'SEVERE') THEN
        RAISE EXCEPTION 'pgct: unknown event level %', pg_catalog.quote_nullable(level)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use INFO, WARNING or SEVERE.';
    END IF;
    IF event IS NULL OR message IS NULL THEN
        RAISE EXCEPTION 'pgct: an event needs a name and a message'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass both event and message.';
    END IF;
    INSERT INTO @extschema@.events (level, event, message, details, model_id, version, job_id)
    VALUES (level, event, message, coalesce(details, '{}'), model_id, version, job_id)
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION @extschema@.log_event(text, text, text, jsonb, bigint, integer, bigint) IS
    'pgct: append one structured event (level INFO|WARNING|SEVERE) to pgct.events; returns its id';

CREATE FUNCTION @extschema@.default_options() RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{"fit_intercept": true, "polynomial_degree": 1, "alpha": 1.0, "test_fraction": 0.2, "seed": 42,
         "window": "all", "min_rows": 10, "folds": 0, "promotion_metric": "r2", "min_improvement": 0,
         "require_approval": false, "monitor_window": 1000, "r2_threshold": 0.2, "mae_threshold": null,
         "drift_threshold": 0.25, "retrain_after_rows": null, "retrain_every": null, "cooldown": "5 minutes"}'::jsonb;
COMMENT ON FUNCTION @extschema@.default_options() IS
    'pgct: documented default of every model option; a model stores these merged with its own options';

-- Validates option keys and types; returns the options merged over `base`.
-- For overrides (one training run), "promote": false is also accepted.
CREATE FUNCTION @extschema@.check_options(options jsonb, base jsonb DEFAULT NULL, for_override boolean DEFAULT false,
                                          time_column text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text;
    v jsonb;
    t text;
    merged jsonb;
    w jsonb;
    known jsonb := @extschema@.default_options();
BEGIN
    IF options IS NULL THEN
        options := '{}';
    END IF;
    IF jsonb_typeof(options) <> 'object' THEN
        RAISE EXCEPTION 'pgct: options must be a JSON object, not %', jsonb_typeof(options)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: ''{"test_fraction": 0.25}''';
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(options) LOOP
        IF NOT known ? k AND NOT (for_override AND k = 'promote') THEN
            RAISE EXCEPTION 'pgct: unknown option "%"', k
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Known options: ' || (SELECT string_agg(x, ', ' ORDER BY x) FROM jsonb_object_keys(known) x)
                             || CASE WHEN for_override THEN ', promote' ELSE '' END || '.';
        END IF;
        t := jsonb_typeof(v);
        IF t = 'null' AND k IN ('mae_threshold', 'drift_threshold', 'retrain_after_rows', 'retrain_every') THEN
            CONTINUE;  -- these thresholds are optional: null disables them
        END IF;
        IF (k IN ('fit_intercept', 'require_approval', 'promote') AND t <> 'boolean')
           OR (k IN ('alpha', 'test_fraction', 'min_improvement', 'r2_threshold', 'mae_threshold', 'drift_threshold') AND t <> 'number')
           OR (k IN ('polynomial_degree', 'seed', 'min_rows', 'folds', 'monitor_window', 'retrain_after_rows')
               AND (t <> 'number' OR (v #>> '{}')::numeric <> trunc((v #>> '{}')::numeric)))
           OR (k IN ('cooldown', 'retrain_every', 'promotion_metric') AND t <> 'string')
           OR (k = 'window' AND t NOT IN ('string', 'object')) THEN
            RAISE EXCEPTION 'pgct: option "%" has the wrong type (%)', k,
                            CASE WHEN t = 'number' THEN 'a number that is not an integer' ELSE t END
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Default and type: "' || k || '": ' || coalesce((known -> k)::text, 'false') || '.';
        END IF;
        IF (k = 'polynomial_degree' AND (v::text)::numeric NOT BETWEEN 1 AND 10)
           OR (k = 'test_fraction' AND ((v::text)::numeric < 0 OR (v::text)::numeric >= 1))
           OR (k IN ('alpha', 'min_improvement', 'mae_threshold', 'drift_threshold') AND (v::text)::numeric < 0)
           OR (k IN ('min_rows', 'monitor_window', 'retrain_after_rows') AND (v::text)::numeric < 1)
           OR (k = 'folds' AND ((v::text)::numeric < 0 OR (v::text)::numeric = 1 OR (v::text)::numeric > 100))
           OR (k = 'seed' AND abs((v::text)::numeric) > 9223372036854775807)
           OR (k = 'promotion_metric' AND v #>> '{}' NOT IN ('r2', 'mae', 'rmse')) THEN
            RAISE EXCEPTION 'pgct: option "%" is out of range: %', k, v
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'polynomial_degree 1..10; test_fraction in [0, 1); folds 0 or 2..100; min_rows, monitor_window, retrain_after_rows >= 1; promotion_metric r2|mae|rmse; alpha and thresholds >= 0.';
        END IF;
        IF k IN ('cooldown', 'retrain_every') THEN
            BEGIN
                PERFORM (v #>> '{}')::interval;
            EXCEPTION WHEN OTHERS THEN
                RAISE EXCEPTION 'pgct: option "%" is not an interval: %', k, v
                    USING ERRCODE = 'invalid_parameter_value', HINT = 'Use an interval string such as "5 minutes".';
            END;
        END IF;
    END LOOP;

    merged := coalesce(base, known) || options;

    -- The window: "all" | {"last_rows": N} | {"since": timestamptz} | {"last": interval}.
    w := merged -> 'window';
    IF jsonb_typeof(w) = 'string' AND w #>> '{}' <> 'all' THEN
        RAISE EXCEPTION 'pgct: unknown window %', w
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use "all", {"last_rows": N}, {"since": "<timestamptz>"} or {"last": "<interval>"}.';
    ELSIF jsonb_typeof(w) = 'object' THEN
        IF (SELECT count(*) FROM jsonb_object_keys(w)) <> 1
           OR NOT (w ? 'last_rows' OR w ? 'since' OR w ? 'last') THEN
            RAISE EXCEPTION 'pgct: a window object has exactly one key: last_rows, since or last'
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: {"last_rows": 10000}.';
        END IF;
        BEGIN
            IF w ? 'last_rows' AND (jsonb_typeof(w -> 'last_rows') <> 'number' OR (w ->> 'last_rows')::bigint < 1) THEN
                RAISE EXCEPTION USING ERRCODE = 'data_exception';
            END IF;
            PERFORM (w ->> 'since')::timestamptz, (w ->> 'last')::interval;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'pgct: bad window value %', w
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'last_rows is a positive integer, since a timestamptz, last an interval string.';
        END;
        IF (w ? 'since' OR w ? 'last') AND time_column IS NULL THEN
            RAISE EXCEPTION 'pgct: window % needs a time column', w
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Create the model with options {"time_column": "..."}, or use {"last_rows": N}.';
        END IF;
    END IF;
    RETURN merged;
END
$$;
COMMENT ON FUNCTION @extschema@.check_options(jsonb, jsonb, boolean, text) IS
    'pgct: validate option keys, types and ranges (unknown keys and wrong types are errors) and return them merged over base (default: pgct.default_options())';

-- The model row by name, or a clear error.
CREATE FUNCTION @extschema@.model_by_name(model_name text) RETURNS @extschema@.models
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
BEGIN
    SELECT * INTO m FROM @extschema@.models WHERE name = model_name AND dropped_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model % does not exist', pg_catalog.quote_nullable(model_name)
            USING ERRCODE = 'undefined_object', HINT = 'See SELECT name FROM pgct.models.';
    END IF;
    RETURN m;
END
$$;
COMMENT ON FUNCTION @extschema@.model_by_name(text) IS 'pgct: the pgct.models row of a model by name; error 42704 when unknown';

CREATE FUNCTION @extschema@.model_by_id(model_id bigint) RETURNS @extschema@.models
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
BEGIN
    SELECT * INTO m FROM @extschema@.models WHERE id = model_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model id % does not exist', model_id
            USING ERRCODE = 'undefined_object', HINT = 'See SELECT id, name FROM pgct.models.';
    END IF;
    RETURN m;
END
$$;
COMMENT ON FUNCTION @extschema@.model_by_id(bigint) IS 'pgct: the pgct.models row of a model by id; error 42704 when unknown';

-- Type of a column of a relation, or a clear error; numeric_only refuses non-numeric types.
CREATE FUNCTION @extschema@.column_type(rel regclass, col text, numeric_only boolean DEFAULT true) RETURNS regtype
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    typ regtype;
BEGIN
    SELECT a.atttypid::regtype INTO typ
    FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = rel AND a.attname OPERATOR(pg_catalog.=) col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: column % does not exist in %', pg_catalog.quote_nullable(col), rel
            USING ERRCODE = 'undefined_column',
                  HINT = 'Column names are matched exactly (case-sensitive, at most 63 bytes).';
    END IF;
    IF numeric_only AND typ NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype,
                                    'real'::regtype, 'double precision'::regtype, 'numeric'::regtype) THEN
        RAISE EXCEPTION 'pgct: column % of % is %, not numeric', pg_catalog.quote_ident(col), rel, typ
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Features and target must be smallint, integer, bigint, real, double precision or numeric; derive them in a view.';
    END IF;
    RETURN typ;
END
$$;
COMMENT ON FUNCTION @extschema@.column_type(regclass, text, boolean) IS
    'pgct: type of a column of a relation; errors when missing (42703) or, with numeric_only, not numeric (42804)';

-------------------------------------------------------------------------------
-- SQL builders: the model's window and its rows, expanded and split
-------------------------------------------------------------------------------
-- Names of the expanded features, in coefficient order: for each feature f in turn,
-- f, f^2, …, f^d (powers only, no interactions).
CREATE FUNCTION @extschema@.expanded_features(features text[], degree integer) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT pg_catalog.array_agg(CASE WHEN k OPERATOR(pg_catalog.=) 1 THEN f ELSE f OPERATOR(pg_catalog.||) '^' OPERATOR(pg_catalog.||) k END
                                    ORDER BY i, k)
        FROM pg_catalog.unnest(features) WITH ORDINALITY AS u(f, i), pg_catalog.generate_series(1, degree) AS k);
COMMENT ON FUNCTION @extschema@.expanded_features(text[], integer) IS
    'pgct: expanded feature names in coefficient order: f, f^2 … f^d for each feature in turn';

-- Builds the SELECT over a model's window that every training, scoring and profiling query
-- shares. Output columns: __part ('test' | 'train' | 'fold k' | 'excluded'), the same as
-- booleans/integer __ok, __test, __fold (cheap to group by), __bucket, __id (row id as text),
-- __features_ok, x1..xq (expanded features as float8, NULL where that value is unusable) and
-- y (target, NULL unless usable), and __x1..__xq, __y: the same values unguarded, cheap to
-- aggregate but only valid (no cast or product can overflow) where __ok holds. A row is
-- usable when every feature and the target is finite and |value| <= 1e150 (features: 10^(150/d)),
-- so that no square or cross product can overflow an aggregate.
-- literal = false: the query refers to $1 (window start, timestamptz), $2 (row limit, bigint),
-- $3 (seed), $4 (test threshold), $5 (folds), to be bound with EXECUTE … USING the OUT values.
-- literal = true: the same values inlined with %L (for SQL handed to COPY).
CREATE FUNCTION @extschema@.model_rows_sql(model_id bigint, overrides jsonb DEFAULT NULL, literal boolean DEFAULT false,
    row_source text DEFAULT NULL, OUT sql text, OUT window_sql text, OUT window_start timestamptz, OUT row_limit bigint, OUT seed bigint, OUT test_threshold integer,
    OUT folds integer, OUT expanded text[], OUT options jsonb)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
    w jsonb;
    degree integer;
    win text;
    inner_cols text := '';
    usable text := '';
    outer_cols text := '';
    bound text;
    typ regtype;
    f text;
    i integer := 0;
    k integer;
    xi integer := 0;
    p_since text;
    p_limit text;
    p_seed text;
    p_thr text;
    p_folds text;
BEGIN
    m := @extschema@.model_by_id(model_id);
    options := @extschema@.check_options(overrides, m.options, true, m.time_column);
    degree := (options ->> 'polynomial_degree')::integer;
    seed := (options ->> 'seed')::bigint;
    test_threshold := round((options ->> 'test_fraction')::numeric * 1000000)::integer;
    folds := (options ->> 'folds')::integer;
    expanded := @extschema@.expanded_features(m.features, degree);
    w := options -> 'window';
    IF w ? 'since' THEN
        window_start := (w ->> 'since')::timestamptz;
    ELSIF w ? 'last' THEN
        window_start := now() - (w ->> 'last')::interval;
    ELSIF w ? 'last_rows' THEN
        row_limit := (w ->> 'last_rows')::bigint;
    END IF;

    IF literal THEN
        p_since := format('%L::timestamptz', window_start);
        p_limit := format('%L::bigint', row_limit);
        p_seed := format('%L::bigint', seed);
        p_thr := format('%L::integer', test_threshold);
        p_folds := format('%L::integer', folds);
    ELSE
        p_since := '$1'; p_limit := '$2'; p_seed := '$3'; p_thr := '$4'; p_folds := '$5';
    END IF;

    win := format('SELECT * FROM %s', m.source);
    IF window_start IS NOT NULL THEN
        win := win || format(' WHERE %I >= %s', m.time_column, p_since);
    ELSIF row_limit IS NOT NULL THEN
        win := win || format(' ORDER BY %I DESC NULLS LAST LIMIT %s', coalesce(m.time_column, m.id_column), p_limit);
    END IF;
    window_sql := win;
    -- A caller may read other rows of the source (e.g. the rows a version predicted) instead of the window.
    win := coalesce(row_source, win);

    bound := CASE degree WHEN 1 THEN '1e150' ELSE format('%s', power(10::numeric, round(150.0 / degree, 3))) END;
    FOREACH f IN ARRAY m.features LOOP
        i := i + 1;
        typ := @extschema@.column_type(m.source, f);
        inner_cols := inner_cols || format(', s.%I AS c%s', f, i);
        usable := usable || format('%s AND ', @extschema@.usable_sql(format('s.%I', f), typ, bound));
        -- Each column guards only itself (one comparison): repeating the row's whole usable
        -- test in every column made the statistics pass 4x slower at 1M rows. Rows with any
        -- bad value still land in part 'excluded' as a whole, through r.u and r.tu.
        FOR k IN 1..degree LOOP
            xi := xi + 1;
            outer_cols := outer_cols || format(', CASE WHEN %1$s THEN %2$s END AS x%3$s, %2$s AS __x%3$s',
                @extschema@.usable_sql(format('r.c%s', i), typ, bound),
                (SELECT string_agg(format('r.c%s::float8', i), ' * ') FROM generate_series(1, k)), xi);
        END LOOP;
    END LOOP;
    typ := @extschema@.column_type(m.source, m.target);

    sql := format(
        'SELECT CASE WHEN NOT (r.u AND r.tu) THEN ''excluded'' WHEN r.b < %2$s THEN ''test'''
        ' WHEN %3$s > 0 THEN ''fold '' || (r.b %% %3$s) ELSE ''train'' END AS __part,'
        ' (r.u AND r.tu) AS __ok, (r.u AND r.tu AND r.b < %2$s) AS __test,'
        ' CASE WHEN %3$s > 0 AND r.u AND r.tu AND r.b >= %2$s THEN r.b %% %3$s END AS __fold,'
        ' r.b AS __bucket, r.id AS __id, r.u AS __features_ok%4$s, CASE WHEN r.tu THEN r.t::float8 END AS y, r.t::float8 AS __y'
        ' FROM (SELECT @extschema@.split_bucket(s.%5$I::text, %1$s) AS b, s.%5$I::text AS id, coalesce(%6$s true, false) AS u,'
        ' coalesce(%10$s, false) AS tu%7$s, s.%8$I AS t'
        ' FROM (%9$s) s) r',
        p_seed, p_thr, p_folds, outer_cols, m.id_column, usable, inner_cols, m.target, win,
        @extschema@.usable_sql(format('s.%I', m.target), typ, '1e150'));
END
$$;
COMMENT ON FUNCTION @extschema@.model_rows_sql(bigint, jsonb, boolean, text) IS
    'pgct: the shared SELECT over a model''s window: __part (test/train/fold k/excluded), __ok, __test, __fold, __bucket, __id, __features_ok, x1..xq (expanded features), y, and their unguarded forms __x1..__xq, __y (valid where __ok); parameters $1..$5 or inlined literals';

CREATE FUNCTION @extschema@.usable_sql(expr text, typ regtype, bound text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
-- NULL, NaN and ±Infinity all fail "abs(x) <= bound" (NaN sorts above every number in PostgreSQL);
-- integers go through float8 because abs(smallest integer) overflows its own type.
RETURN CASE WHEN typ OPERATOR(pg_catalog.=) 'numeric'::regtype
            THEN pg_catalog.format('pg_catalog.abs(%s) <= %s::numeric', expr, bound)
            WHEN typ OPERATOR(pg_catalog.=) ANY (ARRAY['real'::regtype, 'double precision'::regtype])
            THEN pg_catalog.format('pg_catalog.abs(%s) <= %s::float8', expr, bound)
            ELSE pg_catalog.format('pg_catalog.abs(%s::float8) <= %s::float8', expr, bound) END;
COMMENT ON FUNCTION @extschema@.usable_sql(text, regtype, text) IS
    'pgct: SQL predicate that is true when a value is finite, not NULL and |value| <= bound';

-------------------------------------------------------------------------------
-- In-database training data: sufficient statistics, COPY queries, profiles, scores
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.sufficient_statistics(model_id bigint, folds integer DEFAULT 0, overrides jsonb DEFAULT NULL)
RETURNS TABLE (part text, n bigint, means float8[], target_mean float8, covariances float8[],
               target_covariances float8[], target_variance float8)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b record;
    q integer;
    means_sql text;
    cov_sql text;
    tcov_sql text;
BEGIN
    IF folds IS NULL OR folds < 0 OR folds = 1 OR folds > 100 THEN
        RAISE EXCEPTION 'pgct: folds must be 0 or 2..100, not %', folds
            USING ERRCODE = 'invalid_parameter_value', HINT = 'folds = 0 returns one train part; K >= 2 returns parts fold 0 … fold K-1.';
    END IF;
    b := @extschema@.model_rows_sql(model_id, coalesce(overrides, '{}') || jsonb_build_object('folds', folds), false);
    q := cardinality(b.expanded);
    SELECT string_agg(format('avg(__x%s)', i), ', ' ORDER BY i) INTO means_sql FROM generate_series(1, q) i;
    -- covar_pop(xi, xj) with the smaller index first: the two mirror entries are the same
    -- aggregate call, which the executor computes once.
    SELECT string_agg(format('covar_pop(__x%s, __x%s)', least(i, j), greatest(i, j)), ', ' ORDER BY i, j)
      INTO cov_sql FROM generate_series(1, q) i, generate_series(1, q) j;
    SELECT string_agg(format('covar_pop(__x%s, __y)', i), ', ' ORDER BY i) INTO tcov_sql FROM generate_series(1, q) i;
    -- The rows left out first (parts in name order), counted in a pass of their own (a cheap
    -- one: no aggregate of values).
    RETURN QUERY EXECUTE format(
        'SELECT ''excluded''::text, count(*), NULL::float8[], NULL::float8, NULL::float8[], NULL::float8[], NULL::float8'
        ' FROM (%s) d WHERE NOT __ok HAVING count(*) > 0', b.sql)
    USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds;
    -- Usable rows only, aggregating the unguarded columns: the guarded ones are CASE
    -- expressions that the flattened query evaluated again in each of the q² aggregates
    -- (0.6 s against 0.32 s at 1M × 5). Grouping by booleans, not by a text label: the planner
    -- then expects a handful of groups and picks a parallel hash aggregate.
    RETURN QUERY EXECUTE format(
        'SELECT CASE WHEN __test THEN ''test'' WHEN __fold IS NOT NULL THEN ''fold '' || __fold ELSE ''train'' END,'
        ' count(*), ARRAY[%s]::float8[], avg(__y), ARRAY[%s]::float8[], ARRAY[%s]::float8[], var_pop(__y)'
        ' FROM (%s) d WHERE __ok GROUP BY __test, __fold ORDER BY 1',
        means_sql, cov_sql, tcov_sql, b.sql)
    USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds;
END
$$;
COMMENT ON FUNCTION @extschema@.sufficient_statistics(bigint, integer, jsonb) IS
    'pgct: one aggregate pass over the model''s window: per part (test, train or fold k, excluded) n, feature means, target mean, population covariances (q×q row-major over expanded features), feature–target covariances, target variance';

CREATE FUNCTION @extschema@.source_query(model_id bigint, purpose text, overrides jsonb DEFAULT NULL) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b record;
    m @extschema@.models;
    cols text;
    preds text;
    v @extschema@.model_versions;
BEGIN
    IF purpose = 'training' THEN
        b := @extschema@.model_rows_sql(model_id, overrides, true);
        SELECT string_agg(format('x%s', i), ', ' ORDER BY i) INTO cols FROM generate_series(1, cardinality(b.expanded)) i;
        RETURN format('SELECT __bucket::float8 AS bucket, %s, y FROM (%s) d WHERE __part <> ''excluded''', cols, b.sql);
    ELSIF purpose = 'monitor' THEN
        -- The last monitor_window labelled, usable rows that the production version predicted.
        m := @extschema@.model_by_id(model_id);
        -- The row itself, looked up by its id through the source's own index.
        b := @extschema@.model_rows_sql(model_id, coalesce(overrides, '{}') || '{"window": "all", "test_fraction": 0, "polynomial_degree": 1}', true,
                 format('SELECT * FROM %s s0 WHERE s0.%I = p.row_id::%s', m.source, m.id_column,
                        @extschema@.column_type(m.source, m.id_column, false)));
        SELECT * INTO v FROM @extschema@.model_versions mv WHERE mv.model_id = m.id AND mv.version = m.production_version;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'pgct: model % has no production version to monitor', m.name
                USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Train and promote a version first.';
        END IF;
        SELECT string_agg(format('d.x%s', i), ', ' ORDER BY i) INTO cols FROM generate_series(1, cardinality(m.features)) i;
        RETURN format(
            'SELECT %1$s, d.y, p.predicted FROM (SELECT row_id, predicted, id FROM @extschema@.predictions'
            ' WHERE model_id = %2$L AND version = %3$L AND predicted IS NOT NULL) p'
            ' CROSS JOIN LATERAL (%4$s) d'
            ' WHERE d.__part <> ''excluded'' ORDER BY p.id DESC LIMIT %5$L',
            cols, m.id, v.version, b.sql, (b.options ->> 'monitor_window')::bigint);
    END IF;
    RAISE EXCEPTION 'pgct: unknown source_query purpose %', quote_nullable(purpose)
        USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''training'' or ''monitor''.';
END
$$;
COMMENT ON FUNCTION @extschema@.source_query(bigint, text, jsonb) IS
    'pgct: a safely quoted SELECT of float8 columns for COPY … TO STDOUT (FORMAT binary): purpose training = bucket, expanded features, target over the window (usable rows); monitor = features, target, predicted over the last monitor_window labelled rows the production version predicted';

CREATE FUNCTION @extschema@.column_profile(model_id bigint, overrides jsonb DEFAULT NULL)
RETURNS TABLE (column_name text, role text, rows bigint, nulls bigint, nans bigint, pos_infs bigint, neg_infs bigint,
               huge bigint, min float8, max float8, mean float8, stddev float8, q1 float8, q3 float8,
               iqr_outliers bigint, percentiles float8[])
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
    b record;
    cols text[];
    c text;
    i integer := 0;
    q integer;
    typ regtype;
    usable text;
    value text;
    counting text := '';
    moments_sql text := '';
    fencing text := '';
    sampled text := '';
    total bigint;
    counts bigint[];
    moments float8[];
    pcts float8[];
    fences float8[];
    outliers bigint[];
    sample_threshold integer;
    -- Percentiles come from a deterministic sample of about this many rows of the window.
    sample_rows constant integer := 100000;
BEGIN
    m := @extschema@.model_by_id(model_id);
    b := @extschema@.model_rows_sql(model_id, overrides, false);
    cols := m.features || m.target;
    q := cardinality(cols);
    -- Per column, aggregates straight over the window's raw column (no intermediate per-row
    -- CASE columns, which the flattened query evaluated again in every aggregate: 0.85 s at
    -- 1M × 6 against 0.3 s). A value is only cast to float8 behind its usable test, in a CASE,
    -- so no bad value can make a cast fail. NaN and ±Infinity exist only for float and numeric.
    FOREACH c IN ARRAY cols LOOP
        i := i + 1;
        typ := @extschema@.column_type(m.source, c);
        usable := @extschema@.usable_sql(format('w.%I', c), typ, '1e150');
        value := format('CASE WHEN %s THEN w.%I::float8 END', usable, c);
        counting := counting || CASE WHEN i > 1 THEN ', ' ELSE '' END || format('count(*) FILTER (WHERE w.%I IS NULL), ', c)
            || CASE WHEN typ IN ('real'::regtype, 'double precision'::regtype, 'numeric'::regtype)
                    THEN format('count(*) FILTER (WHERE w.%1$I = ''NaN''), count(*) FILTER (WHERE w.%1$I = ''Infinity''),'
                                ' count(*) FILTER (WHERE w.%1$I = ''-Infinity''), ', c)
                    ELSE '0, 0, 0, ' END
            || format('count(*) FILTER (WHERE %s)', usable);
        moments_sql := moments_sql || CASE WHEN i > 1 THEN ', ' ELSE '' END
            || format('min(%1$s), max(%1$s), avg(%1$s), stddev_pop(%1$s)', value);
        fencing := fencing || CASE WHEN i > 1 THEN ', ' ELSE '' END
            || format('count(*) FILTER (WHERE CASE WHEN %s THEN w.%I::float8 < $6[%s] OR w.%I::float8 > $6[%s] ELSE false END)',
                      usable, c, 2 * i - 1, c, 2 * i);
        sampled := sampled || CASE WHEN i > 1 THEN ' || ' ELSE '' END
            || format('percentile_cont((SELECT array_agg(k / 100.0) FROM generate_series(0, 100) k)) WITHIN GROUP (ORDER BY %s)', value);
    END LOOP;

    -- Pass 1, exact: per column the NULL, NaN, +Infinity, -Infinity and usable counts (huge is
    -- what remains), and min, max, mean, population stddev of the usable values.
    EXECUTE format('SELECT count(*), ARRAY[%s]::bigint[], ARRAY[%s]::float8[] FROM (%s) w',
                   counting, moments_sql, b.window_sql)
    INTO total, counts, moments
    USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds;

    -- Pass 2: the 101 percentiles of each column over a deterministic hash sample of about
    -- sample_rows rows (all rows when the window is smaller). The hash uses seed + 1, so the
    -- sample is independent of the train/test split. Sorting every column of a large window
    -- is what made a profile of 1M rows take seconds; percentiles of 100k rows are as good a
    -- baseline (their sampling error is far below the drift a PSI threshold detects).
    sample_threshold := CASE WHEN total <= sample_rows THEN 1000000
                             ELSE greatest(1, (1000000::numeric * sample_rows / total)::integer) END;
    EXECUTE format(
        'SELECT (%s)::float8[] FROM (%s) w WHERE $6 >= 1000000 OR @extschema@.split_bucket(w.%I::text, $3 + 1) < $6',
        sampled, b.window_sql, m.id_column)
    INTO pcts
    USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds, sample_threshold;

    -- Pass 3, exact: values outside the 1.5×IQR fences (quartiles from pass 2).
    fences := ARRAY(SELECT f FROM generate_series(1, q) j,
                    LATERAL (VALUES (pcts[(j - 1) * 101 + 26] - 1.5 * (pcts[(j - 1) * 101 + 76] - pcts[(j - 1) * 101 + 26])),
                                    (pcts[(j - 1) * 101 + 76] + 1.5 * (pcts[(j - 1) * 101 + 76] - pcts[(j - 1) * 101 + 26]))) x(f)
                    ORDER BY j);
    EXECUTE format('SELECT ARRAY[%s]::bigint[] FROM (%s) w', fencing, b.window_sql)
    INTO outliers
    USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds, fences;

    RETURN QUERY
    SELECT cols[j], CASE WHEN j = q THEN 'target' ELSE 'feature' END, total,
           counts[(j - 1) * 5 + 1], counts[(j - 1) * 5 + 2], counts[(j - 1) * 5 + 3], counts[(j - 1) * 5 + 4],
           total - counts[(j - 1) * 5 + 1] - counts[(j - 1) * 5 + 2] - counts[(j - 1) * 5 + 3]
                 - counts[(j - 1) * 5 + 4] - counts[(j - 1) * 5 + 5],
           moments[(j - 1) * 4 + 1], moments[(j - 1) * 4 + 2], moments[(j - 1) * 4 + 3], moments[(j - 1) * 4 + 4],
           pcts[(j - 1) * 101 + 26], pcts[(j - 1) * 101 + 76], coalesce(outliers[j], 0),
           CASE WHEN pcts[(j - 1) * 101 + 1] IS NULL THEN NULL ELSE pcts[(j - 1) * 101 + 1 : j * 101] END
    FROM generate_series(1, q) j
    ORDER BY j;
END
$$;
COMMENT ON FUNCTION @extschema@.column_profile(bigint, jsonb) IS
    'pgct: validation profile of each feature and the target over the model''s window: rows, NULLs, NaNs, ±Infinity, huge (|x| > 1e150), min, max, mean, population stddev, 1.5×IQR outliers (exact), and q1, q3 and the 101 percentiles 0…100 (the drift baseline) from a deterministic sample of about 100,000 rows';

-- Prediction expression over x1..xq of model_rows_sql, with the intercept as $6 and coefficients as $7.
CREATE FUNCTION @extschema@.prediction_sql(q integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN '($6::float8' OPERATOR(pg_catalog.||)
       (SELECT pg_catalog.string_agg(pg_catalog.format(' + ($7::float8[])[%s] * x%s', i, i), '' ORDER BY i)
        FROM pg_catalog.generate_series(1, q) i) OPERATOR(pg_catalog.||) ')';
COMMENT ON FUNCTION @extschema@.prediction_sql(integer) IS
    'pgct: SQL of intercept + Σ coefficient_i × x_i over the expanded columns of model_rows_sql (parameters $6, $7)';

-- The metrics of residuals r = y − prediction against targets y over the rows where `filter`
-- holds, as one aggregate expression (scikit-learn's definitions; r2 NULL below two rows or with
-- a constant target). A filter per aggregate, not GROUP BY, lets one scan score several parts.
-- Callers compute r once per row in a subquery kept apart with OFFSET 0: flattened, the
-- prediction would be evaluated again inside every aggregate (measured 3-4× slower at 1M rows).
CREATE FUNCTION @extschema@.metrics_sql(filter text DEFAULT 'true') RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN pg_catalog.format(
    'jsonb_build_object(''n'', count(*) FILTER (WHERE %1$s), ''r2'', CASE WHEN count(*) FILTER (WHERE %1$s) > 1'
    ' AND var_pop(y) FILTER (WHERE %1$s) > 0 THEN 1 - avg(r * r) FILTER (WHERE %1$s) / var_pop(y) FILTER (WHERE %1$s) END,'
    ' ''mae'', avg(abs(r)) FILTER (WHERE %1$s), ''mse'', avg(r * r) FILTER (WHERE %1$s),'
    ' ''rmse'', sqrt(avg(r * r) FILTER (WHERE %1$s)), ''max_error'', max(abs(r)) FILTER (WHERE %1$s),'
    ' ''mape'', avg(abs(r / y)) FILTER (WHERE %1$s AND y <> 0))', filter);
COMMENT ON FUNCTION @extschema@.metrics_sql(text) IS
    'pgct (internal): SQL of the jsonb metrics (n, r2, mae, mse, rmse, max_error, mape) of residuals r against targets y over the rows where filter holds, shared by score and score_parts';

CREATE FUNCTION @extschema@.score(model_id bigint, intercept float8, coefficients float8[], part text DEFAULT 'test',
                                  overrides jsonb DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b record;
    result jsonb;
    part_filter text;
BEGIN
    b := @extschema@.model_rows_sql(model_id, overrides, false);
    IF coefficients IS NULL OR cardinality(coefficients) <> cardinality(b.expanded) THEN
        RAISE EXCEPTION 'pgct: % coefficients given, the model has % expanded features', cardinality(coefficients), cardinality(b.expanded)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Expanded order: ' || array_to_string(b.expanded, ', ') || '.';
    END IF;
    IF part = 'all' THEN
        part_filter := '__part <> ''excluded''';
    ELSIF part = 'train' THEN
        part_filter := '__part <> ''excluded'' AND __part <> ''test''';  -- with folds, train = all folds
    ELSIF part = 'test' OR part ~ '^fold [0-9]+$' THEN
        part_filter := format('__part = %L', part);
    ELSE
        RAISE EXCEPTION 'pgct: unknown part %', quote_nullable(part)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use test, train, all or ''fold k''.';
    END IF;
    EXECUTE format('SELECT %s FROM (SELECT y, y - %s AS r FROM (%s) d WHERE %s OFFSET 0) e',
                   @extschema@.metrics_sql(), @extschema@.prediction_sql(cardinality(b.expanded)), b.sql, part_filter)
    INTO result
    USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds, intercept, coefficients;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.score(bigint, float8, float8[], text, jsonb) IS
    'pgct: n, r2, mae, mse, rmse, max_error, mape of given coefficients over exactly the rows of one part (test, train, all, fold k) of the model''s window: candidate and production scored on identical rows';

-- Both sides of the split in one pass: what the agent's evaluation step needs.
CREATE FUNCTION @extschema@.score_parts(model_id bigint, intercept float8, coefficients float8[], overrides jsonb DEFAULT NULL)
RETURNS TABLE (part text, metrics jsonb)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b record;
BEGIN
    b := @extschema@.model_rows_sql(model_id, overrides, false);
    IF coefficients IS NULL OR cardinality(coefficients) <> cardinality(b.expanded) THEN
        RAISE EXCEPTION 'pgct: % coefficients given, the model has % expanded features', cardinality(coefficients), cardinality(b.expanded)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Expanded order: ' || array_to_string(b.expanded, ', ') || '.';
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT s.part, s.metrics FROM (SELECT %s AS train, %s AS test FROM (SELECT __test, y, y - %s AS r FROM (%s) d'
        ' WHERE __ok OFFSET 0) e) m CROSS JOIN LATERAL (VALUES (''test'', m.test), (''train'', m.train)) s(part, metrics)'
        ' WHERE (s.metrics ->> ''n'')::bigint > 0',
        @extschema@.metrics_sql('NOT __test'), @extschema@.metrics_sql('__test'),
        @extschema@.prediction_sql(cardinality(b.expanded)), b.sql)
    USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds, intercept, coefficients;
END
$$;
COMMENT ON FUNCTION @extschema@.score_parts(bigint, float8, float8[], jsonb) IS
    'pgct: the metrics of given coefficients on the train part (all folds) and the test part of the model''s window, in one pass; a part without rows has no row';

-------------------------------------------------------------------------------
-- Registry: versions written by the agent
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.begin_version(model_id bigint, job_id bigint, agent_id text,
                                          algorithm text DEFAULT NULL, overrides jsonb DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
    v integer;
    eff jsonb;
BEGIN
    -- Locking the model row serializes version numbering between agents.
    SELECT * INTO m FROM @extschema@.models WHERE id = begin_version.model_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model id % does not exist', begin_version.model_id
            USING ERRCODE = 'undefined_object', HINT = 'See SELECT id, name FROM pgct.models.';
    END IF;
    algorithm := coalesce(algorithm, m.algorithm);
    IF algorithm NOT IN ('linear', 'ridge') THEN
        RAISE EXCEPTION 'pgct: unknown algorithm %', quote_nullable(algorithm)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use linear or ridge.';
    END IF;
    eff := @extschema@.check_options(overrides, m.options, true, m.time_column);
    SELECT coalesce(max(mv.version), 0) + 1 INTO v FROM @extschema@.model_versions mv WHERE mv.model_id = m.id;
    INSERT INTO @extschema@.model_versions (model_id, version, status, algorithm, options, overrides, promotable, job_id, agent_id, feature_names)
    VALUES (m.id, v, 'training', algorithm, eff - 'promote', overrides, coalesce((eff ->> 'promote')::boolean, true), job_id, agent_id,
            @extschema@.expanded_features(m.features, (eff ->> 'polynomial_degree')::integer));
    PERFORM @extschema@.log_event('INFO', 'training_started', format('training version %s of %s', v, m.name),
                                  jsonb_build_object('agent_id', agent_id, 'overrides', overrides), m.id, v, job_id);
    RETURN v;
END
$$;
COMMENT ON FUNCTION @extschema@.begin_version(bigint, bigint, text, text, jsonb) IS
    'pgct (agent): register a new version in status training with the effective options (model options merged with this run''s overrides); returns the version number';

CREATE FUNCTION @extschema@.finish_version(model_id bigint, version integer, status text, fit jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    mv @extschema@.model_versions;
    coefs float8[];
    means float8[];
BEGIN
    SELECT * INTO mv FROM @extschema@.model_versions v
    WHERE v.model_id = finish_version.model_id AND v.version = finish_version.version FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: version % of model id % does not exist', version, model_id
            USING ERRCODE = 'undefined_object', HINT = 'Call pgct.begin_version first.';
    END IF;
    IF mv.status <> 'training' THEN
        RAISE EXCEPTION 'pgct: version % is %, not training', version, mv.status
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Only a version in training can be finished.';
    END IF;
    IF status IS NULL OR status NOT IN ('candidate', 'awaiting_approval', 'rejected') THEN
        RAISE EXCEPTION 'pgct: a finished version is candidate, awaiting_approval or rejected, not %', quote_nullable(status)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Promote a candidate with pgct.promote_version.';
    END IF;
    IF fit IS NULL OR jsonb_typeof(fit) <> 'object' OR jsonb_typeof(fit -> 'coefficients') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'pgct: fit must be an object with a coefficients array'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: {"intercept": 6.7, "coefficients": [1.19], "feature_means": [3.2], "metrics": {…}}.';
    END IF;
    coefs := ARRAY(SELECT x::float8 FROM jsonb_array_elements_text(fit -> 'coefficients') x);
    IF cardinality(coefs) <> cardinality(mv.feature_names) THEN
        RAISE EXCEPTION 'pgct: % coefficients for % expanded features', cardinality(coefs), cardinality(mv.feature_names)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Expanded order: ' || array_to_string(mv.feature_names, ', ') || '.';
    END IF;
    IF fit ? 'feature_means' THEN
        means := ARRAY(SELECT x::float8 FROM jsonb_array_elements_text(fit -> 'feature_means') x);
        IF cardinality(means) <> cardinality(coefs) THEN
            RAISE EXCEPTION 'pgct: % feature means for % expanded features', cardinality(means), cardinality(coefs)
                USING ERRCODE = 'invalid_parameter_value', HINT = 'One training mean per expanded feature.';
        END IF;
    END IF;
    UPDATE @extschema@.model_versions v SET
        status = finish_version.status,
        intercept = CASE WHEN (mv.options ->> 'fit_intercept')::boolean THEN coalesce((finish_version.fit ->> 'intercept')::float8, 0) ELSE 0 END,
        coefficients = coefs,
        feature_means = means,
        feature_stats = finish_version.fit -> 'feature_stats',
        training_window = finish_version.fit -> 'training_window',
        train_rows = (finish_version.fit ->> 'train_rows')::bigint,
        test_rows = (finish_version.fit ->> 'test_rows')::bigint,
        data_fingerprint = finish_version.fit ->> 'data_fingerprint',
        metrics = finish_version.fit -> 'metrics',
        condition_number = (finish_version.fit ->> 'condition_number')::float8,
        solver = finish_version.fit ->> 'solver',
        timings = finish_version.fit -> 'timings',
        fit = finish_version.fit - ARRAY['coefficients', 'feature_means', 'feature_stats', 'metrics', 'timings'],
        finished_at = clock_timestamp()
    WHERE v.model_id = mv.model_id AND v.version = mv.version;
    PERFORM @extschema@.log_event('INFO', 'training_finished', format('version %s finished as %s', version, status),
                                  jsonb_build_object('metrics', fit -> 'metrics'), model_id, version, mv.job_id);
END
$$;
COMMENT ON FUNCTION @extschema@.finish_version(bigint, integer, text, jsonb) IS
    'pgct (agent): store a finished fit (intercept, coefficients in expanded order, feature_means, feature_stats, metrics, timings, …) and set the status candidate, awaiting_approval or rejected';

CREATE FUNCTION @extschema@.fail_version(model_id bigint, version integer, error text, details jsonb DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE @extschema@.model_versions v SET status = 'failed', error = fail_version.error, finished_at = clock_timestamp(),
           fit = coalesce(v.fit, '{}') || coalesce(details, '{}')
    WHERE v.model_id = fail_version.model_id AND v.version = fail_version.version AND v.status = 'training';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: no version % in training for model id %', version, model_id
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Only a version in training can fail.';
    END IF;
    PERFORM @extschema@.log_event('WARNING', 'training_failed', coalesce(error, 'training failed'), details, model_id, version);
END
$$;
COMMENT ON FUNCTION @extschema@.fail_version(bigint, integer, text, jsonb) IS
    'pgct (agent): mark a version in training as failed, with the error and details (e.g. the validation report)';

-------------------------------------------------------------------------------
-- Deployment: the production pointer, the generated function, in one transaction
-------------------------------------------------------------------------------
-- (Re)creates pgct_models.<name>(feature float8, …): an inlinable SQL function whose body
-- holds the production coefficients as constants, so it costs what the hand-written
-- expression costs. Declared STABLE, not IMMUTABLE, so nobody can build an index on it that
-- a promotion would silently invalidate; inlining does not depend on that marking.
CREATE FUNCTION @extschema@.generate_predict_function(model_id bigint) RETURNS regprocedure
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
    mv @extschema@.model_versions;
    degree integer;
    args text;
    body text;
    i integer;
    k integer;
    j integer := 0;
    fn regprocedure;
BEGIN
    m := @extschema@.model_by_id(model_id);
    SELECT * INTO mv FROM @extschema@.model_versions v WHERE v.model_id = m.id AND v.version = m.production_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model % has no production version', m.name
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Promote a version first.';
    END IF;
    degree := (mv.options ->> 'polynomial_degree')::integer;
    SELECT string_agg(format('%I float8', f), ', ' ORDER BY n) INTO args FROM unnest(m.features) WITH ORDINALITY u(f, n);
    body := format('%L::float8', mv.intercept);
    FOR i IN 1..cardinality(m.features) LOOP
        FOR k IN 1..degree LOOP
            j := j + 1;
            body := body || format(' + %L::float8 * %s', mv.coefficients[j],
                                   (SELECT string_agg(format('$%s', i), ' * ') FROM generate_series(1, k)));
        END LOOP;
    END LOOP;
    EXECUTE format('CREATE OR REPLACE FUNCTION pgct_models.%I(%s) RETURNS float8 LANGUAGE sql STABLE PARALLEL SAFE AS %L',
                   m.name, args, 'SELECT ' || body);
    fn := format('pgct_models.%I(%s)', m.name, array_to_string(array_fill('float8'::text, ARRAY[cardinality(m.features)]), ','))::regprocedure;
    EXECUTE format('COMMENT ON FUNCTION %s IS %L', fn,
                   format('pgct: prediction of model %s, production version %s (generated at promotion; do not edit)', m.name, mv.version));
    RETURN fn;
END
$$;
COMMENT ON FUNCTION @extschema@.generate_predict_function(bigint) IS
    'pgct (internal): regenerate pgct_models.<model>(…) with the production coefficients as constants';

-- Moves the production pointer. Every caller runs inside one transaction, so the pointer,
-- the version statuses, the deployment row, the generated function and the event commit
-- together or not at all.
CREATE FUNCTION @extschema@.set_production(model_id bigint, version integer, action text, actor text, reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
    mv @extschema@.model_versions;
    allowed text[];
BEGIN
    SELECT * INTO m FROM @extschema@.models WHERE id = set_production.model_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model id % does not exist', set_production.model_id
            USING ERRCODE = 'undefined_object', HINT = 'See SELECT id, name FROM pgct.models.';
    END IF;
    SELECT * INTO mv FROM @extschema@.model_versions v
    WHERE v.model_id = m.id AND v.version = set_production.version FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model % has no version %', m.name, set_production.version
            USING ERRCODE = 'undefined_object', HINT = 'See SELECT version, status FROM pgct.history WHERE model = ' || quote_literal(m.name) || '.';
    END IF;
    allowed := CASE action
        WHEN 'approve' THEN ARRAY['awaiting_approval']
        WHEN 'rollback' THEN ARRAY['archived']
        WHEN 'promote' THEN ARRAY['candidate']  -- the agent: only what it just trained and compared
        ELSE ARRAY['candidate', 'archived', 'awaiting_approval'] END;  -- an admin's manual choice
    IF mv.status = 'production' THEN
        RAISE EXCEPTION 'pgct: version % of % is already in production', mv.version, m.name
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Nothing to do.';
    END IF;
    IF NOT mv.status = ANY (allowed) THEN
        RAISE EXCEPTION 'pgct: version % of % is %, which cannot be %', mv.version, m.name, mv.status,
                        CASE action WHEN 'approve' THEN 'approved' WHEN 'rollback' THEN 'rolled back to' ELSE 'promoted' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = CASE action WHEN 'approve' THEN 'Only a version awaiting approval can be approved.'
                                     ELSE 'Promotable states: ' || array_to_string(allowed, ', ') || '.' END;
    END IF;
    IF NOT mv.promotable THEN
        RAISE EXCEPTION 'pgct: version % of % was an experiment run with "promote": false', mv.version, m.name
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Train again without that override to deploy it.';
    END IF;
    UPDATE @extschema@.model_versions v SET status = 'archived'
    WHERE v.model_id = m.id AND v.status = 'production';
    UPDATE @extschema@.model_versions v SET status = 'production'
    WHERE v.model_id = m.id AND v.version = mv.version;
    UPDATE @extschema@.models SET production_version = mv.version, updated_at = now() WHERE id = m.id;
    INSERT INTO @extschema@.deployments (model_id, version, previous_version, action, reason, actor)
    VALUES (m.id, mv.version, m.production_version, action, reason, coalesce(actor, session_user));
    PERFORM @extschema@.generate_predict_function(m.id);
    IF m.production_version IS NULL THEN
        -- First production version: rows that existed before it are not "served" by it; the
        -- prediction log starts after them, so live metrics never come from its training rows.
        PERFORM @extschema@.skip_existing_rows(m.id);
    END IF;
    PERFORM @extschema@.log_event('INFO', 'deployed',
        format('%s: version %s in production (was %s)', action, mv.version, coalesce(m.production_version::text, 'none')),
        jsonb_build_object('action', action, 'previous_version', m.production_version, 'reason', reason, 'actor', coalesce(actor, session_user)),
        m.id, mv.version);
END
$$;
COMMENT ON FUNCTION @extschema@.set_production(bigint, integer, text, text, text) IS
    'pgct (internal): move the production pointer in one transaction: version statuses, models.production_version, deployments row, regenerated pgct_models function, event';

CREATE FUNCTION @extschema@.promote_version(model_id bigint, version integer, actor text, reason text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF actor IS NULL OR actor = '' THEN
        RAISE EXCEPTION 'pgct: the agent promotes under its agent id'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass actor => <agent id>.';
    END IF;
    PERFORM @extschema@.set_production(model_id, version, 'promote', actor, reason);
END
$$;
COMMENT ON FUNCTION @extschema@.promote_version(bigint, integer, text, text) IS
    'pgct (agent): promote a candidate version in one transaction, audited with the agent id as actor';

CREATE FUNCTION @extschema@.promote(model_name text, version integer, reason text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@.set_production((@extschema@.model_by_name(model_name)).id, version, 'manual', session_user, reason);
END
$$;
COMMENT ON FUNCTION @extschema@.promote(text, integer, text) IS
    'pgct (admin): put a candidate, archived or awaiting_approval version in production, in one audited transaction';

CREATE FUNCTION @extschema@.approve(model_name text, version integer, reason text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@.set_production((@extschema@.model_by_name(model_name)).id, version, 'approve', session_user, reason);
END
$$;
COMMENT ON FUNCTION @extschema@.approve(text, integer, text) IS
    'pgct (admin): approve a version awaiting approval: it goes to production in one audited transaction';

CREATE FUNCTION @extschema@.reject(model_name text, version integer, reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
BEGIN
    UPDATE @extschema@.model_versions v SET status = 'rejected', error = coalesce(reason, 'rejected')
    WHERE v.model_id = m.id AND v.version = reject.version AND v.status IN ('awaiting_approval', 'candidate');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model % has no version % awaiting approval or candidate', m.name, version
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'See SELECT version, status FROM pgct.history WHERE model = ' || quote_literal(m.name) || '.';
    END IF;
    PERFORM @extschema@.log_event('INFO', 'rejected', format('version %s rejected', version),
                                  jsonb_build_object('reason', reason, 'actor', session_user), m.id, version);
END
$$;
COMMENT ON FUNCTION @extschema@.reject(text, integer, text) IS
    'pgct (admin): reject a version awaiting approval (or a candidate), with a reason; audited in events';

CREATE FUNCTION @extschema@.rollback(model_name text, reason text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
    d record;
    stack integer[] := '{}';
    target integer;
BEGIN
    PERFORM 1 FROM @extschema@.models WHERE id = m.id FOR UPDATE;
    -- Replay the pointer's history as a stack: deployments push, rollbacks pop. The target is
    -- the version under the top, so repeated rollbacks walk back instead of ping-ponging.
    FOR d IN SELECT * FROM @extschema@.deployments WHERE model_id = m.id ORDER BY id LOOP
        IF d.action = 'rollback' THEN
            stack := stack[1:cardinality(stack) - 1];
        ELSE
            stack := stack || d.version;
        END IF;
    END LOOP;
    target := stack[cardinality(stack) - 1];
    IF target IS NULL THEN
        RAISE EXCEPTION 'pgct: model % has no earlier production version to roll back to', m.name
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Use pgct.promote(name, version) to deploy a specific version.';
    END IF;
    PERFORM @extschema@.set_production(m.id, target, 'rollback', session_user, reason);
    RETURN target;
END
$$;
COMMENT ON FUNCTION @extschema@.rollback(text, text) IS
    'pgct (admin): restore the version that was in production before the current one (and its predict function), in one audited transaction; returns it';

-------------------------------------------------------------------------------
-- The source trigger (the doorbell) and the agent's view of new work
-------------------------------------------------------------------------------
-- The slow path of the doorbell: set the model's flag if unset and NOTIFY only then. The
-- exception block (a subtransaction) makes sure nothing here can fail the application's
-- statement: a missing model, a lock timeout, or under REPEATABLE READ/SERIALIZABLE a
-- serialization error because another session flipped the flag first (harmless: it rang).
CREATE FUNCTION @extschema@.ring(model_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM FROM @extschema@.wakeups w WHERE w.model_id = ring.model_id AND w.pending;
    IF FOUND THEN
        RETURN;
    END IF;
    INSERT INTO @extschema@.wakeups AS w (model_id, pending, since) VALUES (ring.model_id, true, now())
    ON CONFLICT ON CONSTRAINT wakeups_pkey DO UPDATE SET pending = true, since = now() WHERE NOT w.pending;
    IF FOUND THEN
        PERFORM pg_notify('pgct', ring.model_id::text);
    END IF;
EXCEPTION WHEN OTHERS THEN
    NULL;  -- best effort: the agent's safety-net scan finds the rows anyway
END
$$;
COMMENT ON FUNCTION @extschema@.ring(bigint) IS
    'pgct (internal): set a model''s wake-up flag when unset and NOTIFY channel pgct with the model id; never raises';

-- Statement-level AFTER INSERT / UPDATE OF target on the source (or a view's base tables),
-- with arguments (model id, name of a session setting). Fast path, almost every statement:
-- compare the session setting (when this session may ring next, epoch ms) with the clock:
-- plain expressions, no query, no table. At most once per 50 ms per session it calls
-- pgct.ring. Measured with pgbench (README): a query on the flag table in every statement
-- cost 10-15 % of the insert rate, a NOTIFY in every statement halves it.
-- Rows inserted by a session inside its 50 ms quiet window right after the agent took the
-- wake-up are announced by that session's next statement or found by the agent's follow-up
-- pass (pgct.pending_work), which it runs after each wake-up anyway because a transaction
-- that committed after the agent's read is never announced twice.
-- Operators are schema-qualified instead of pinning search_path with SET, which would cost a
-- GUC save/restore on every statement; garbage in the setting compares as "later", so it
-- can only silence this session's own doorbell, never raise.
CREATE FUNCTION @extschema@.wake() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    now_ms text := (pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) OPERATOR(pg_catalog.*) 1000)::pg_catalog.int8::text;
BEGIN
    IF pg_catalog.current_setting(TG_ARGV[1], true) COLLATE "C" OPERATOR(pg_catalog.>) now_ms THEN
        RETURN NULL;
    END IF;
    PERFORM pg_catalog.set_config(TG_ARGV[1], (now_ms::pg_catalog.int8 OPERATOR(pg_catalog.+) 50)::text, false);
    PERFORM @extschema@.ring(TG_ARGV[0]::pg_catalog.int8);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.wake() IS
    'pgct (trigger): statement-level doorbell on source tables: at most once per 50 ms per session, calls pgct.ring (flag + NOTIFY pgct when unset); never fails the statement';

CREATE FUNCTION @extschema@.take_wakeups() RETURNS SETOF bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Re-create flags lost to a crash (the table is unlogged) so the doorbells ring again.
    INSERT INTO @extschema@.wakeups (model_id, pending)
    SELECT id, true FROM @extschema@.models WHERE dropped_at IS NULL
    ON CONFLICT (model_id) DO NOTHING;
    RETURN QUERY UPDATE @extschema@.wakeups SET pending = false, taken_at = clock_timestamp()
                 WHERE pending RETURNING model_id;
END
$$;
COMMENT ON FUNCTION @extschema@.take_wakeups() IS
    'pgct (agent): return and clear the models whose doorbell rang since the last call (models whose flag was lost in a crash count as rung)';

CREATE FUNCTION @extschema@.pending_work() RETURNS TABLE (model_id bigint, reason text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models;
    st @extschema@.log_state;
    has_rows boolean;
BEGIN
    RETURN QUERY SELECT t.w, 'wakeup'::text FROM @extschema@.take_wakeups() t(w);
    -- Safety net for lost notifications: rows the prediction log has not reached yet.
    FOR m IN SELECT * FROM @extschema@.models WHERE dropped_at IS NULL ORDER BY id LOOP
        -- A monitor job already queued or running will see these rows: another agent's scan
        -- need not queue a second one behind it.
        IF EXISTS (SELECT 1 FROM @extschema@.jobs j WHERE j.model_id = m.id AND j.kind = 'monitor'
                   AND j.status IN ('pending', 'running')) THEN
            CONTINUE;
        END IF;
        IF m.production_version IS NULL THEN
            RETURN QUERY SELECT m.id, 'untrained'::text;
            CONTINUE;
        END IF;
        SELECT * INTO st FROM @extschema@.log_state s WHERE s.model_id = m.id;
        BEGIN
            IF @extschema@.column_type(m.source, m.id_column, false) IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
                EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I > $1)', m.source, m.id_column)
                    INTO has_rows USING coalesce(st.mark_id, st.logged_through, -9223372036854775808);
            ELSE
                EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s s WHERE NOT EXISTS (SELECT 1 FROM @extschema@.predictions p'
                               ' WHERE p.model_id = $1 AND p.row_id = s.%I::text))', m.source, m.id_column)
                    INTO has_rows USING m.id;
            END IF;
        EXCEPTION WHEN undefined_table OR undefined_column OR insufficient_privilege THEN
            RETURN QUERY SELECT m.id, 'source_error: ' || SQLERRM;
            CONTINUE;
        END;
        IF has_rows THEN
            RETURN QUERY SELECT m.id, 'unlogged_rows'::text;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.pending_work() IS
    'pgct (agent): models with new work: rung doorbells (taken), models without a production version, and models whose source has rows without a logged prediction (the safety net for lost notifications)';

-------------------------------------------------------------------------------
-- Prediction log
-------------------------------------------------------------------------------
-- At the first promotion: the rows already there were not served by any version. Mark them
-- as seen (integer ids: move the watermark; other ids: log them with version NULL) so that
-- live metrics never come from a version's own training rows.
CREATE FUNCTION @extschema@.skip_existing_rows(model_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_id(model_id);
    top bigint;
BEGIN
    IF @extschema@.column_type(m.source, m.id_column, false) IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
        EXECUTE format('SELECT max(%I) FROM %s', m.id_column, m.source) INTO top;
        INSERT INTO @extschema@.log_state AS l (model_id, logged_through) VALUES (m.id, top)
        ON CONFLICT ON CONSTRAINT log_state_pkey DO UPDATE SET logged_through = excluded.logged_through, mark_id = NULL, mark_xmax = NULL;
    ELSE
        EXECUTE format('INSERT INTO @extschema@.predictions (model_id, version, row_id, predicted)'
                       ' SELECT $1, NULL, s.%I::text, NULL FROM %s s ON CONFLICT DO NOTHING', m.id_column, m.source)
            USING m.id;
    END IF;
EXCEPTION WHEN insufficient_privilege OR undefined_table THEN
    PERFORM @extschema@.log_event('WARNING', 'skip_existing_rows_failed',
        'could not read the source to mark existing rows; they will be predicted by the first version', jsonb_build_object('error', SQLERRM), m.id);
END
$$;
COMMENT ON FUNCTION @extschema@.skip_existing_rows(bigint) IS
    'pgct (internal): at the first promotion, mark the rows already in the source as seen so the prediction log holds only served predictions';

CREATE FUNCTION @extschema@.log_predictions(model_name text) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
    mv @extschema@.model_versions;
    st @extschema@.log_state;
    b record;
    id_type regtype;
    watermark bigint;
    row_source text;
    n bigint;
    top bigint;
BEGIN
    IF m.production_version IS NULL THEN
        RETURN 0;  -- nothing is served yet, so nothing is logged
    END IF;
    SELECT * INTO mv FROM @extschema@.model_versions v WHERE v.model_id = m.id AND v.version = m.production_version;
    -- One logger per model at a time; the row lock also keeps the watermark consistent.
    INSERT INTO @extschema@.log_state (model_id) VALUES (m.id) ON CONFLICT DO NOTHING;
    SELECT * INTO st FROM @extschema@.log_state l WHERE l.model_id = m.id FOR UPDATE;
    id_type := @extschema@.column_type(m.source, m.id_column, false);

    IF id_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
        -- Watermark: rows with id <= logged_through are all logged. Ids from a sequence can
        -- commit out of order, so the watermark advances to the max id seen by an earlier
        -- call (mark_id) only once every transaction in flight at that time has ended
        -- (mark_xmax <= our snapshot's xmin). Rows between the watermark and the newest id
        -- are anti-joined against the log through its primary key: a short index range, so a
        -- call costs O(new rows), not O(table), at 1M rows.
        IF st.mark_id IS NOT NULL AND pg_snapshot_xmin(pg_current_snapshot()) >= st.mark_xmax THEN
            st.logged_through := greatest(st.logged_through, st.mark_id);
            st.mark_id := NULL;
        END IF;
        watermark := coalesce(st.logged_through, -9223372036854775808);
        row_source := format('SELECT * FROM %s s0 WHERE s0.%I > $8 AND NOT EXISTS (SELECT 1 FROM @extschema@.predictions p'
                             ' WHERE p.model_id = $9 AND p.row_id = s0.%I::text)', m.source, m.id_column, m.id_column);
    ELSE
        -- Ids without an order: anti-join the whole source against the log (hash anti-join).
        row_source := format('SELECT * FROM %s s0 WHERE NOT EXISTS (SELECT 1 FROM @extschema@.predictions p'
                             ' WHERE p.model_id = $9 AND p.row_id = s0.%I::text)', m.source, m.id_column);
    END IF;
    b := @extschema@.model_rows_sql(m.id, mv.options || '{"window": "all", "test_fraction": 0, "folds": 0}', false, row_source);
    EXECUTE format('INSERT INTO @extschema@.predictions (model_id, version, row_id, predicted)'
                   ' SELECT $9, $10, __id, CASE WHEN __features_ok THEN %s END FROM (%s) d ON CONFLICT DO NOTHING',
                   @extschema@.prediction_sql(cardinality(b.expanded)), b.sql)
        USING b.window_start, b.row_limit, b.seed, b.test_threshold, b.folds, mv.intercept, mv.coefficients,
              watermark, m.id, mv.version;
    GET DIAGNOSTICS n = ROW_COUNT;

    IF id_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
        IF st.mark_id IS NULL THEN
            EXECUTE format('SELECT max(%I) FROM %s', m.id_column, m.source) INTO top;
            st.mark_id := top;
            st.mark_xmax := pg_snapshot_xmax(pg_current_snapshot());  -- taken after the max(): conservative
        END IF;
        UPDATE @extschema@.log_state SET logged_through = st.logged_through, mark_id = st.mark_id,
               mark_xmax = st.mark_xmax, last_run_at = clock_timestamp()
        WHERE model_id = m.id;
    ELSE
        UPDATE @extschema@.log_state SET last_run_at = clock_timestamp() WHERE model_id = m.id;
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.log_predictions(text) IS
    'pgct: log, set-based, the production version''s prediction for every source row that has none yet (each row once; NULL when its features are not usable); returns the count';

-------------------------------------------------------------------------------
-- Prediction and explanation in SQL
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.production_version(model_name text) RETURNS @extschema@.model_versions
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
    mv @extschema@.model_versions;
BEGIN
    SELECT * INTO mv FROM @extschema@.model_versions v WHERE v.model_id = m.id AND v.version = m.production_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model % has no production version', m.name
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Wait for the agent''s first training, or see SELECT * FROM pgct.history WHERE model = ' || quote_literal(m.name) || '.';
    END IF;
    RETURN mv;
END
$$;
COMMENT ON FUNCTION @extschema@.production_version(text) IS 'pgct: the registry row of a model''s production version; errors when the model is unknown or has none';

CREATE FUNCTION @extschema@.expand(features float8[], degree integer) RETURNS float8[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(SELECT x OPERATOR(pg_catalog.^) k::float8 FROM pg_catalog.unnest(features) WITH ORDINALITY AS u(x, i),
             pg_catalog.generate_series(1, degree) AS k ORDER BY i, k);
COMMENT ON FUNCTION @extschema@.expand(float8[], integer) IS 'pgct: expanded feature values x, x^2 … x^d for each feature in turn';

CREATE FUNCTION @extschema@.predict(model_name text, features float8[]) RETURNS float8
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    mv @extschema@.model_versions := @extschema@.production_version(model_name);
    n integer := cardinality((@extschema@.model_by_name(model_name)).features);
    x float8[];
    y float8;
BEGIN
    IF features IS NULL OR cardinality(features) <> n THEN
        RAISE EXCEPTION 'pgct: model % takes % features, got %', model_name, n, coalesce(cardinality(features), 0)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass them in the model''s order: ' || array_to_string((@extschema@.model_by_name(model_name)).features, ', ') || '.';
    END IF;
    x := @extschema@.expand(features, (mv.options ->> 'polynomial_degree')::integer);
    SELECT mv.intercept + sum(c * v) INTO y FROM unnest(mv.coefficients, x) u(c, v);
    RETURN y;
END
$$;
COMMENT ON FUNCTION @extschema@.predict(text, float8[]) IS
    'pgct: prediction of the production version for one feature vector (model''s feature order); for bulk use the generated pgct_models.<model>(…)';

CREATE FUNCTION @extschema@.explain(model_name text, features float8[])
RETURNS TABLE (feature text, value float8, baseline float8, coefficient float8, contribution float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    mv @extschema@.model_versions := @extschema@.production_version(model_name);
    n integer := cardinality((@extschema@.model_by_name(model_name)).features);
BEGIN
    IF features IS NULL OR cardinality(features) <> n THEN
        RAISE EXCEPTION 'pgct: model % takes % features, got %', model_name, n, coalesce(cardinality(features), 0)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass them in the model''s order: ' || array_to_string((@extschema@.model_by_name(model_name)).features, ', ') || '.';
    END IF;
    IF mv.feature_means IS NULL THEN
        RAISE EXCEPTION 'pgct: version % of % has no training means to explain against', mv.version, model_name
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'The agent stores feature_means with each fit; retrain.';
    END IF;
    -- Exact Shapley values of a linear model: coefficient × (value − training mean). The base
    -- row carries the prediction at the means, so all contributions sum to the prediction.
    RETURN QUERY
        SELECT u.f, u.v, u.mean, u.c, u.c * (u.v - u.mean)
        FROM unnest(mv.feature_names, @extschema@.expand(features, (mv.options ->> 'polynomial_degree')::integer),
                    mv.feature_means, mv.coefficients) WITH ORDINALITY u(f, v, mean, c, i)
        UNION ALL
        SELECT '(base)', NULL, NULL, NULL,
               mv.intercept + (SELECT sum(c * mean) FROM unnest(mv.coefficients, mv.feature_means) w(c, mean));
END
$$;
COMMENT ON FUNCTION @extschema@.explain(text, float8[]) IS
    'pgct: exact Shapley explanation of one prediction: per expanded feature its value, training mean, coefficient and contribution = coefficient × (value − mean), plus a (base) row; all contributions sum to the prediction';

-------------------------------------------------------------------------------
-- Metrics and monitoring
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.live_metrics(model_id bigint, version integer DEFAULT NULL)
RETURNS TABLE (model_version integer, window_rows integer, n bigint, r2 float8, mae float8, rmse float8, mse float8, max_error float8)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_id(model_id);
    w integer := (m.options ->> 'monitor_window')::integer;
BEGIN
    version := coalesce(version, m.production_version);
    -- Newest predictions of that version first (index on (model_id, version, id)), each
    -- joined to its source row through the source's own id index, until w labelled rows.
    RETURN QUERY EXECUTE format(
        'SELECT $2, $3, count(*), CASE WHEN count(*) > 1 AND var_pop(y) > 0 THEN 1 - avg((y - p) * (y - p)) / var_pop(y) END,'
        ' avg(abs(y - p)), sqrt(avg((y - p) * (y - p))), avg((y - p) * (y - p)), max(abs(y - p))'
        ' FROM (SELECT t.y, pr.predicted AS p FROM @extschema@.predictions pr'
        '       CROSS JOIN LATERAL (SELECT s.%1$I::float8 AS y FROM %2$s s WHERE s.%3$I = pr.row_id::%4$s AND %5$s) t'
        '       WHERE pr.model_id = $1 AND pr.version = $2 AND pr.predicted IS NOT NULL'
        '       ORDER BY pr.id DESC LIMIT $3) e',
        m.target, m.source, m.id_column, @extschema@.column_type(m.source, m.id_column, false),
        @extschema@.usable_sql(format('s.%I', m.target), @extschema@.column_type(m.source, m.target), '1e150'))
    USING m.id, version, w;
END
$$;
COMMENT ON FUNCTION @extschema@.live_metrics(bigint, integer) IS
    'pgct: live n, r2, mae, rmse, mse, max_error of a version (default production) over the last monitor_window labelled rows it predicted; r2 NULL below 2 rows or with a constant target';

CREATE FUNCTION @extschema@.evaluate(model_name text, version integer DEFAULT NULL, since timestamptz DEFAULT NULL)
RETURNS TABLE (model_version integer, n bigint, r2 float8, mae float8, rmse float8, mse float8, max_error float8, mape float8)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
    mv @extschema@.model_versions;
    s jsonb;
BEGIN
    SELECT * INTO mv FROM @extschema@.model_versions v
    WHERE v.model_id = m.id AND v.version = coalesce(evaluate.version, m.production_version) AND v.coefficients IS NOT NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: model % has no fitted version %', m.name, coalesce(evaluate.version::text, '(production)')
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'See SELECT version, status FROM pgct.history WHERE model = ' || quote_literal(m.name) || '.';
    END IF;
    IF since IS NOT NULL AND m.time_column IS NULL THEN
        RAISE EXCEPTION 'pgct: model % has no time column, so "since" cannot apply', m.name
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Omit since, or create the model with options {"time_column": "..."}.';
    END IF;
    s := @extschema@.score(m.id, mv.intercept, mv.coefficients, 'all',
                           mv.options || jsonb_build_object('test_fraction', 0, 'folds', 0,
                               'window', CASE WHEN since IS NULL THEN '"all"'::jsonb ELSE jsonb_build_object('since', since) END));
    RETURN QUERY SELECT mv.version, (s ->> 'n')::bigint, (s ->> 'r2')::float8, (s ->> 'mae')::float8, (s ->> 'rmse')::float8,
                        (s ->> 'mse')::float8, (s ->> 'max_error')::float8, (s ->> 'mape')::float8;
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate(text, integer, timestamptz) IS
    'pgct: r2, mae, rmse, mse, max_error, mape of a version (default production) over all labelled usable source rows, optionally since a time';

CREATE FUNCTION @extschema@.record_monitoring(model_id bigint, version integer, decision text, labelled_n bigint,
    r2 float8 DEFAULT NULL, mae float8 DEFAULT NULL, rmse float8 DEFAULT NULL, drift jsonb DEFAULT NULL,
    drift_score float8 DEFAULT NULL, reason text DEFAULT NULL, details jsonb DEFAULT NULL, agent_id text DEFAULT NULL,
    window_rows integer DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    new_id bigint;
BEGIN
    IF decision IS NULL OR decision NOT IN ('stable', 'retrain', 'insufficient_data') THEN
        RAISE EXCEPTION 'pgct: unknown monitoring decision %', quote_nullable(decision)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use stable, retrain or insufficient_data.';
    END IF;
    PERFORM @extschema@.model_by_id(model_id);
    INSERT INTO @extschema@.monitoring (model_id, version, window_rows, labelled_n, r2, mae, rmse, drift, drift_score, decision, reason, details, agent_id)
    VALUES (model_id, version, window_rows, coalesce(labelled_n, 0), r2, mae, rmse, drift, drift_score, decision, reason, details, agent_id)
    RETURNING id INTO new_id;
    IF decision = 'retrain' THEN
        PERFORM @extschema@.log_event('INFO', 'retrain_decided', coalesce(reason, 'monitoring decided to retrain'),
                                      jsonb_build_object('r2', r2, 'mae', mae, 'drift_score', drift_score), model_id, version);
    END IF;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION @extschema@.record_monitoring(bigint, integer, text, bigint, float8, float8, float8, jsonb, float8, text, jsonb, text, integer) IS
    'pgct (agent): write one monitoring row (live metrics, drift per feature and overall, decision stable | retrain | insufficient_data)';

-------------------------------------------------------------------------------
-- The job queue
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.enqueue_job(model_id bigint, kind text, payload jsonb DEFAULT '{}') RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    job bigint;
BEGIN
    PERFORM @extschema@.model_by_id(model_id);
    IF kind IS NULL OR kind NOT IN ('train', 'monitor', 'log_predictions') THEN
        RAISE EXCEPTION 'pgct: unknown job kind %', quote_nullable(kind)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use train, monitor or log_predictions.';
    END IF;
    -- The partial unique indexes make this idempotent: an equivalent live job is reused.
    INSERT INTO @extschema@.jobs (model_id, kind, payload) VALUES (model_id, kind, coalesce(payload, '{}'))
    ON CONFLICT DO NOTHING RETURNING id INTO job;
    IF job IS NULL THEN
        SELECT j.id INTO job FROM @extschema@.jobs j
        WHERE j.model_id = enqueue_job.model_id AND j.kind = enqueue_job.kind
          AND (j.status = 'pending' OR (j.kind = 'train' AND j.status = 'running'))
        ORDER BY j.id DESC LIMIT 1;
        RAISE NOTICE 'pgct: a % job (id %) is already queued or running for this model; reusing it', kind, job;
    ELSE
        PERFORM pg_notify('pgct', model_id::text);
    END IF;
    RETURN job;
END
$$;
COMMENT ON FUNCTION @extschema@.enqueue_job(bigint, text, jsonb) IS
    'pgct (agent): queue a train, monitor or log_predictions job and wake the agents; an equivalent live job is reused (never two trainings of one model at once); returns the job id';

CREATE FUNCTION @extschema@.train(model_name text, overrides jsonb DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
    job bigint;
BEGIN
    -- Validate now, so that a typo fails in psql and not later in the agent.
    PERFORM @extschema@.check_options(overrides, m.options, true, m.time_column);
    job := @extschema@.enqueue_job(m.id, 'train', jsonb_build_object('overrides', overrides, 'requested_by', session_user));
    PERFORM @extschema@.log_event('INFO', 'training_requested', format('training of %s requested', m.name),
                                  jsonb_build_object('overrides', overrides), m.id, NULL, job);
    RETURN job;
END
$$;
COMMENT ON FUNCTION @extschema@.train(text, jsonb) IS
    'pgct (admin): queue a training run and wake the agent; overrides change options for this run only ({"promote": false} = experiment, never promoted); returns the job id';

CREATE FUNCTION @extschema@.claim_job(agent_id text, visibility interval DEFAULT '5 minutes', only_job bigint DEFAULT NULL)
RETURNS SETOF @extschema@.jobs
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    j @extschema@.jobs;
BEGIN
    IF agent_id IS NULL OR agent_id = '' OR visibility IS NULL OR visibility <= '0'::interval THEN
        RAISE EXCEPTION 'pgct: claim_job needs an agent id and a positive visibility timeout'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: pgct.claim_job(''agent-1'', ''5 minutes'').';
    END IF;
    -- A job whose agent died on its last attempt is parked, not retried forever.
    FOR j IN SELECT * FROM @extschema@.jobs
             WHERE status = 'running' AND claimed_until < now() AND attempts >= max_attempts
             FOR UPDATE SKIP LOCKED LOOP
        UPDATE @extschema@.jobs SET status = 'parked', updated_at = now(),
               last_error = coalesce(last_error || '; ', '') || format('claim of %s expired on attempt %s', j.claimed_by, j.attempts)
        WHERE id = j.id;
        PERFORM @extschema@.log_event('SEVERE', 'job_parked', format('%s job %s parked after %s attempts', j.kind, j.id, j.attempts),
                                      jsonb_build_object('last_error', j.last_error, 'claimed_by', j.claimed_by), j.model_id, NULL, j.id);
    END LOOP;
    RETURN QUERY
    WITH c AS (
        SELECT id FROM @extschema@.jobs
        WHERE ((status = 'pending' AND (run_after <= now() OR id = only_job)) OR (status = 'running' AND claimed_until < now()))
          AND (only_job IS NULL OR id = only_job)
        ORDER BY id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
    )
    UPDATE @extschema@.jobs AS u SET status = 'running', attempts = u.attempts + 1, claimed_by = agent_id,
           claimed_until = now() + visibility, updated_at = now()
    FROM c WHERE u.id = c.id
    RETURNING u.*;
END
$$;
COMMENT ON FUNCTION @extschema@.claim_job(text, interval, bigint) IS
    'pgct (agent): claim the oldest runnable job (pending, or running with an expired claim), or only the job only_job (pgct train in the foreground), with FOR UPDATE SKIP LOCKED; increments attempts; parks jobs whose last attempt''s claim expired';

CREATE FUNCTION @extschema@.extend_claim(job_id bigint, agent_id text, visibility interval DEFAULT '5 minutes') RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    until timestamptz;
BEGIN
    UPDATE @extschema@.jobs SET claimed_until = clock_timestamp() + visibility, updated_at = now()
    WHERE id = job_id AND status = 'running' AND claimed_by = agent_id
    RETURNING claimed_until INTO until;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: agent % does not hold job %', agent_id, job_id
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'The claim expired and another agent may have taken the job: abandon it.';
    END IF;
    RETURN until;
END
$$;
COMMENT ON FUNCTION @extschema@.extend_claim(bigint, text, interval) IS
    'pgct (agent): heartbeat: extend the visibility timeout of a job this agent holds; error 55000 when the claim was lost';

CREATE FUNCTION @extschema@.complete_job(job_id bigint, agent_id text, result jsonb DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE @extschema@.jobs j SET status = 'done', result = complete_job.result, claimed_until = NULL, updated_at = now()
    WHERE j.id = job_id AND j.status = 'running' AND j.claimed_by = agent_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: agent % does not hold job %', agent_id, job_id
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'The claim expired and another agent may have taken the job.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.complete_job(bigint, text, jsonb) IS
    'pgct (agent): mark a job this agent holds as done, with its result';

CREATE FUNCTION @extschema@.fail_job(job_id bigint, agent_id text, error text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    j @extschema@.jobs;
BEGIN
    SELECT * INTO j FROM @extschema@.jobs WHERE id = job_id AND status = 'running' AND claimed_by = agent_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgct: agent % does not hold job %', agent_id, job_id
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'The claim expired and another agent may have taken the job.';
    END IF;
    IF j.attempts >= j.max_attempts THEN
        UPDATE @extschema@.jobs SET status = 'parked', last_error = error, claimed_until = NULL, updated_at = now() WHERE id = j.id;
        PERFORM @extschema@.log_event('SEVERE', 'job_parked', format('%s job %s parked after %s attempts', j.kind, j.id, j.attempts),
                                      jsonb_build_object('last_error', error), j.model_id, NULL, j.id);
        RETURN 'parked';
    END IF;
    -- Back off exponentially (2, 4, 8 … seconds, at most 5 minutes) before the retry.
    UPDATE @extschema@.jobs SET status = 'pending', last_error = error, claimed_by = NULL, claimed_until = NULL,
           run_after = now() + least(power(2, j.attempts), 300) * '1 second'::interval, updated_at = now()
    WHERE id = j.id;
    PERFORM @extschema@.log_event('WARNING', 'job_failed', format('%s job %s failed on attempt %s', j.kind, j.id, j.attempts),
                                  jsonb_build_object('error', error), j.model_id, NULL, j.id);
    RETURN 'pending';
END
$$;
COMMENT ON FUNCTION @extschema@.fail_job(bigint, text, text) IS
    'pgct (agent): record a failed attempt: the job returns to pending with a backoff, or is parked with a SEVERE event after max_attempts; returns the new status';

-------------------------------------------------------------------------------
-- Models
-------------------------------------------------------------------------------
-- Tables a relation reads: itself for a table, the base tables of a view (recursively).
CREATE FUNCTION @extschema@.base_tables(rel regclass) RETURNS regclass[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE deps(oid, kind) AS (
        SELECT c.oid, c.relkind FROM pg_catalog.pg_class c WHERE c.oid = rel
        UNION
        SELECT c.oid, c.relkind
        FROM deps d
        JOIN pg_catalog.pg_rewrite r ON r.ev_class = d.oid AND d.kind = 'v'
        JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_rewrite'::regclass AND dep.objid = r.oid
                                      AND dep.refclassid = 'pg_catalog.pg_class'::regclass
        JOIN pg_catalog.pg_class c ON c.oid = dep.refobjid AND c.oid <> d.oid
    )
    SELECT coalesce(array_agg(DISTINCT oid::regclass), '{}') FROM deps WHERE kind IN ('r', 'p')
$$;
COMMENT ON FUNCTION @extschema@.base_tables(regclass) IS 'pgct: the tables a relation reads (itself for a table; base tables of a view, recursively): where the wake-up trigger goes';

-- The registry half of create_model (writes pgct tables, so SECURITY DEFINER); the trigger
-- half runs with the caller's rights, so only someone allowed to put a trigger on the source can.
CREATE FUNCTION @extschema@.register_model(name text, source regclass, id_column text, time_column text, target text,
                                           features text[], algorithm text, options jsonb, trigger_relations regclass[])
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    new_id bigint;
BEGIN
    INSERT INTO @extschema@.models (name, source, id_column, time_column, target, features, algorithm, options, trigger_relations)
    VALUES (name, source, id_column, time_column, target, features, algorithm,
            @extschema@.check_options(options, NULL, false, time_column), trigger_relations)
    RETURNING id INTO new_id;
    INSERT INTO @extschema@.wakeups (model_id, pending) VALUES (new_id, false);
    INSERT INTO @extschema@.log_state (model_id) VALUES (new_id);
    PERFORM @extschema@.log_event('INFO', 'model_created', format('model %s created on %s', name, source),
        jsonb_build_object('target', target, 'features', features, 'algorithm', algorithm, 'options', options), new_id);
    PERFORM @extschema@.enqueue_job(new_id, 'train', '{"reason": "first training"}');
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION @extschema@.register_model(text, regclass, text, text, text, text[], text, jsonb, regclass[]) IS
    'pgct (internal): registry half of pgct.create_model';

CREATE FUNCTION @extschema@.create_model(name text, source regclass, target text, features text[],
                                         algorithm text DEFAULT 'linear', options jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind "char";
    id_col text;
    time_col text;
    rest jsonb;
    rels regclass[];
    rel regclass;
    new_id bigint;
    f text;
BEGIN
    IF name IS NULL OR name !~ '^[a-z_][a-z0-9_]*$' OR octet_length(name) > 63 THEN
        RAISE EXCEPTION 'pgct: invalid model name %', quote_nullable(name)
            USING ERRCODE = 'invalid_name',
                  HINT = 'A model name is a lower-case SQL identifier: letters a-z, digits and underscores, at most 63 bytes; it names the function pgct_models.<name>.';
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.models m WHERE m.name = create_model.name AND m.dropped_at IS NULL) THEN
        RAISE EXCEPTION 'pgct: model % already exists', name
            USING ERRCODE = 'duplicate_object', HINT = 'Choose another name, or pgct.drop_model it first.';
    END IF;
    SELECT c.relkind INTO kind FROM pg_catalog.pg_class c WHERE c.oid = source;
    IF kind IS NULL OR kind NOT IN ('r', 'p', 'v') THEN
        RAISE EXCEPTION 'pgct: % is not a table or a view', source
            USING ERRCODE = 'wrong_object_type', HINT = 'Build derived features in a view over your tables.';
    END IF;
    IF options IS NULL OR jsonb_typeof(options) <> 'object' THEN
        RAISE EXCEPTION 'pgct: options must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: ''{"test_fraction": 0.25}''';
    END IF;
    IF algorithm IS NULL OR algorithm NOT IN ('linear', 'ridge') THEN
        RAISE EXCEPTION 'pgct: unknown algorithm %', quote_nullable(algorithm)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use linear (OLS) or ridge.';
    END IF;
    IF features IS NULL OR cardinality(features) = 0 OR array_position(features, NULL) IS NOT NULL
       OR (SELECT count(DISTINCT x) FROM unnest(features) x) <> cardinality(features) THEN
        RAISE EXCEPTION 'pgct: features must be a non-empty list of distinct column names'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: ARRAY[''x1'', ''x2''].';
    END IF;
    IF target = ANY (features) THEN
        RAISE EXCEPTION 'pgct: the target % is also a feature', quote_ident(target)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Remove it from the features.';
    END IF;

    -- id_column and time_column are part of the model, not tunable options.
    id_col := options ->> 'id_column';
    time_col := options ->> 'time_column';
    rest := options - 'id_column' - 'time_column';
    IF id_col IS NULL THEN
        SELECT a.attname INTO id_col
        FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = source AND i.indisprimary AND i.indnatts = 1;
        IF id_col IS NULL THEN
            RAISE EXCEPTION 'pgct: % has no single-column primary key to identify rows', source
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Name a unique id column: options {"id_column": "..."} (required for a view).';
        END IF;
    ELSE
        PERFORM @extschema@.column_type(source, id_col, false);
    END IF;
    IF time_col IS NOT NULL AND @extschema@.column_type(source, time_col, false)
       NOT IN ('timestamp with time zone'::regtype, 'timestamp without time zone'::regtype, 'date'::regtype) THEN
        RAISE EXCEPTION 'pgct: time column % is not a timestamp or date', quote_ident(time_col)
            USING ERRCODE = 'datatype_mismatch', HINT = 'Use a timestamptz, timestamp or date column.';
    END IF;
    PERFORM @extschema@.column_type(source, target);
    FOREACH f IN ARRAY features LOOP
        PERFORM @extschema@.column_type(source, f);
    END LOOP;

    rels := @extschema@.base_tables(source);
    IF cardinality(rels) = 0 THEN
        RAISE EXCEPTION 'pgct: found no base table under %', source
            USING ERRCODE = 'wrong_object_type', HINT = 'The view must read at least one table.';
    END IF;
    new_id := @extschema@.register_model(name, source, id_col, time_col, target, features, algorithm, rest, rels);

    -- With the caller's rights: the TRIGGER privilege on each table is what allows this.
    FOREACH rel IN ARRAY rels LOOP
        IF kind = 'v' THEN
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.wake(%L, %L)',
                           'pgct_wake_' || new_id, rel, new_id, 'pgct.ring_' || new_id);
        ELSE
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OF %I ON %s FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.wake(%L, %L)',
                           'pgct_wake_' || new_id, target, rel, new_id, 'pgct.ring_' || new_id);
        END IF;
    END LOOP;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION @extschema@.create_model(text, regclass, text, text[], text, jsonb) IS
    'pgct (admin): create a model on a table or view: checks the columns exist and are numeric, installs the statement trigger, queues the first training; options: id_column, time_column and the tunables of pgct.default_options(); returns the model id';

CREATE FUNCTION @extschema@.alter_model(model_name text, options jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
    merged jsonb;
BEGIN
    IF options ? 'id_column' OR options ? 'time_column' THEN
        RAISE EXCEPTION 'pgct: id_column and time_column cannot change'
            USING ERRCODE = 'feature_not_supported', HINT = 'Create a new model for another id or time column.';
    END IF;
    merged := @extschema@.check_options(options, m.options, false, m.time_column);
    UPDATE @extschema@.models SET options = merged, updated_at = now() WHERE id = m.id;
    PERFORM @extschema@.log_event('INFO', 'model_altered', format('options of %s changed', m.name),
                                  jsonb_build_object('changed', options, 'actor', session_user), m.id);
    RETURN merged;
END
$$;
COMMENT ON FUNCTION @extschema@.alter_model(text, jsonb) IS
    'pgct (admin): change options of a model (validated, merged over the current ones); returns the effective options';

CREATE FUNCTION @extschema@.unregister_model(model_id bigint, keep_history boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_id(model_id);
    fn regprocedure;
BEGIN
    fn := to_regprocedure(format('pgct_models.%I(%s)', m.name,
                                 array_to_string(array_fill('float8'::text, ARRAY[cardinality(m.features)]), ',')));
    IF fn IS NOT NULL THEN
        EXECUTE format('DROP FUNCTION %s', fn);
    END IF;
    PERFORM @extschema@.log_event('INFO', 'model_dropped', format('model %s dropped', m.name),
                                  jsonb_build_object('keep_history', keep_history, 'actor', session_user), m.id);
    IF keep_history THEN
        UPDATE @extschema@.jobs SET status = 'failed', last_error = 'model dropped', updated_at = now()
        WHERE jobs.model_id = m.id AND status IN ('pending', 'running');
        DELETE FROM @extschema@.wakeups w WHERE w.model_id = m.id;
        UPDATE @extschema@.models SET dropped_at = now(), trigger_relations = '{}' WHERE id = m.id;
    ELSE
        DELETE FROM @extschema@.models WHERE id = m.id;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.unregister_model(bigint, boolean) IS 'pgct (internal): registry half of pgct.drop_model';

CREATE FUNCTION @extschema@.drop_model(model_name text, keep_history boolean DEFAULT true) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
    rel regclass;
BEGIN
    -- With the caller's rights: only a table's owner can drop a trigger from it.
    FOREACH rel IN ARRAY m.trigger_relations LOOP
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = rel) THEN
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pgct_wake_' || m.id, rel);
        END IF;
    END LOOP;
    PERFORM @extschema@.unregister_model(m.id, keep_history);
END
$$;
COMMENT ON FUNCTION @extschema@.drop_model(text, boolean) IS
    'pgct (admin): drop a model: its triggers and generated function; keep_history (default) keeps versions, deployments, predictions and monitoring, marked dropped';

-------------------------------------------------------------------------------
-- Views for psql
-------------------------------------------------------------------------------
CREATE VIEW @extschema@.status AS
SELECT m.id AS model_id, m.name AS model, m.source, m.algorithm, m.production_version,
       (pv.metrics #>> '{test,r2}')::float8 AS test_r2, (pv.metrics #>> '{test,mae}')::float8 AS test_mae,
       (pv.metrics #>> '{test,rmse}')::float8 AS test_rmse,
       mon.r2 AS live_r2, mon.mae AS live_mae, mon.rmse AS live_rmse, mon.labelled_n AS live_n,
       mon.decision AS last_decision, mon.at AS monitored_at,
       (SELECT count(*) FROM @extschema@.predictions p WHERE p.model_id = m.id AND p.version = m.production_version) AS rows_since_promotion,
       (SELECT count(*) FROM @extschema@.jobs j WHERE j.model_id = m.id AND j.status IN ('pending', 'running')) AS pending_jobs,
       CASE WHEN EXISTS (SELECT 1 FROM @extschema@.jobs j WHERE j.model_id = m.id AND j.status = 'parked'
                         AND j.updated_at > coalesce(pv.created_at, '-infinity')) THEN 'attention: parked job'
            WHEN EXISTS (SELECT 1 FROM @extschema@.model_versions v WHERE v.model_id = m.id AND v.status = 'awaiting_approval') THEN 'awaiting approval'
            WHEN EXISTS (SELECT 1 FROM @extschema@.model_versions v WHERE v.model_id = m.id AND v.status = 'training') THEN 'training'
            WHEN m.production_version IS NULL THEN 'untrained'
            ELSE 'serving' END AS state
FROM @extschema@.models m
LEFT JOIN @extschema@.model_versions pv ON pv.model_id = m.id AND pv.version = m.production_version
LEFT JOIN LATERAL (SELECT * FROM @extschema@.monitoring mo WHERE mo.model_id = m.id ORDER BY mo.id DESC LIMIT 1) mon ON true
WHERE m.dropped_at IS NULL;
COMMENT ON VIEW @extschema@.status IS 'pgct: one row per model: production version, its test metrics, the last live metrics and decision, rows served since promotion, pending jobs, state';

CREATE VIEW @extschema@.history AS
SELECT m.name AS model, v.version, v.status, v.algorithm, v.created_at, v.finished_at, v.train_rows, v.test_rows,
       (v.metrics #>> '{train,r2}')::float8 AS train_r2, (v.metrics #>> '{test,r2}')::float8 AS test_r2,
       (v.metrics #>> '{test,mae}')::float8 AS test_mae, (v.metrics #>> '{test,rmse}')::float8 AS test_rmse,
       v.promotable, v.overrides, v.error, v.agent_id,
       d.action AS last_deployment, d.at AS deployed_at, d.actor AS deployed_by, d.reason AS deployment_reason
FROM @extschema@.model_versions v
JOIN @extschema@.models m ON m.id = v.model_id
LEFT JOIN LATERAL (SELECT * FROM @extschema@.deployments dd WHERE dd.model_id = v.model_id AND dd.version = v.version
                   ORDER BY dd.id DESC LIMIT 1) d ON true;
COMMENT ON VIEW @extschema@.history IS 'pgct: every version of every model with its status, metrics and last deployment decision';

CREATE VIEW @extschema@.recent_events AS
SELECT e.id, e.at, e.level, m.name AS model, e.version, e.job_id, e.event, e.message, e.details, e.actor
FROM @extschema@.events e
LEFT JOIN @extschema@.models m ON m.id = e.model_id
ORDER BY e.id DESC
LIMIT 100;
COMMENT ON VIEW @extschema@.recent_events IS 'pgct: the last 100 events, newest first, with model names';

-------------------------------------------------------------------------------
-- Reports (pgct report, pgct demo)
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.prediction_sample(model_name text, n integer DEFAULT 1000)
RETURNS TABLE (row_id text, actual float8, predicted float8, predicted_at timestamptz)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m @extschema@.models := @extschema@.model_by_name(model_name);
BEGIN
    IF n IS NULL OR n < 1 THEN
        RAISE EXCEPTION 'pgct: the sample size must be a positive integer, got %', coalesce(n::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: SELECT * FROM pgct.prediction_sample(''points'', 500).';
    END IF;
    IF m.production_version IS NULL THEN
        RETURN;  -- nothing served yet: an empty sample, not an error (a report says so)
    END IF;
    -- The newest n logged predictions of the production version whose row now has a usable
    -- target, each joined to its source row through the source's own id index (as live_metrics).
    RETURN QUERY EXECUTE format(
        'SELECT pr.row_id, t.y, pr.predicted, pr.predicted_at FROM @extschema@.predictions pr'
        ' CROSS JOIN LATERAL (SELECT s.%1$I::float8 AS y FROM %2$s s WHERE s.%3$I = pr.row_id::%4$s AND %5$s) t'
        ' WHERE pr.model_id = $1 AND pr.version = $2 AND pr.predicted IS NOT NULL'
        ' ORDER BY pr.id DESC LIMIT $3',
        m.target, m.source, m.id_column, @extschema@.column_type(m.source, m.id_column, false),
        @extschema@.usable_sql(format('s.%I', m.target), @extschema@.column_type(m.source, m.target), '1e150'))
    USING m.id, m.production_version, n;
END
$$;
COMMENT ON FUNCTION @extschema@.prediction_sample(text, integer) IS
    'pgct: predicted vs actual for a report: the newest n logged predictions of the production version whose source row has a usable target (row_id, actual, predicted, predicted_at); empty when no version is in production';
-- Readers may draw reports; PUBLIC gets nothing (the REVOKE below covers it).
GRANT EXECUTE ON FUNCTION @extschema@.prediction_sample(text, integer) TO pgct_reader;

-------------------------------------------------------------------------------
-- Privileges: nothing for PUBLIC; each role exactly what it needs
-------------------------------------------------------------------------------
REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON SCHEMA pgct_models FROM PUBLIC;

GRANT USAGE ON SCHEMA @extschema@, pgct_models TO pgct_reader, pgct_admin, pgct_agent;
-- Role membership is cluster-wide: grant only when missing (a repeated GRANT would NOTICE).
DO $members$
BEGIN
    IF NOT pg_catalog.pg_has_role('pgct_admin', 'pgct_reader', 'MEMBER') THEN
        GRANT pgct_reader TO pgct_admin;
    END IF;
    IF NOT pg_catalog.pg_has_role('pgct_agent', 'pgct_reader', 'MEMBER') THEN
        GRANT pgct_reader TO pgct_agent;
    END IF;
END
$members$;

-- Readers (analysts): read everything, predict, explain, evaluate.
GRANT SELECT ON @extschema@.models, @extschema@.model_versions, @extschema@.deployments, @extschema@.predictions,
                @extschema@.monitoring, @extschema@.events, @extschema@.jobs,
                @extschema@.status, @extschema@.history, @extschema@.recent_events TO pgct_reader;
GRANT EXECUTE ON FUNCTION
    @extschema@.split_bucket(text, bigint), @extschema@.default_options(), @extschema@.expanded_features(text[], integer),
    @extschema@.expand(float8[], integer), @extschema@.model_by_name(text), @extschema@.model_by_id(bigint),
    @extschema@.production_version(text), @extschema@.predict(text, float8[]), @extschema@.explain(text, float8[]),
    @extschema@.evaluate(text, integer, timestamptz), @extschema@.live_metrics(bigint, integer),
    @extschema@.score(bigint, float8, float8[], text, jsonb), @extschema@.score_parts(bigint, float8, float8[], jsonb),
    @extschema@.metrics_sql(text), @extschema@.check_options(jsonb, jsonb, boolean, text),
    @extschema@.column_type(regclass, text, boolean), @extschema@.usable_sql(text, regtype, text),
    @extschema@.model_rows_sql(bigint, jsonb, boolean, text), @extschema@.prediction_sql(integer)
TO pgct_reader;

-- Admins: the model lifecycle and the production pointer.
GRANT EXECUTE ON FUNCTION
    @extschema@.create_model(text, regclass, text, text[], text, jsonb), @extschema@.register_model(text, regclass, text, text, text, text[], text, jsonb, regclass[]),
    @extschema@.base_tables(regclass), @extschema@.wake(),
    @extschema@.alter_model(text, jsonb), @extschema@.drop_model(text, boolean), @extschema@.unregister_model(bigint, boolean),
    @extschema@.train(text, jsonb), @extschema@.promote(text, integer, text), @extschema@.rollback(text, text),
    @extschema@.approve(text, integer, text), @extschema@.reject(text, integer, text),
    @extschema@.log_predictions(text)
TO pgct_admin;

-- The agent: the queue, the registry writes, the training data, the prediction log, monitoring.
GRANT EXECUTE ON FUNCTION
    @extschema@.claim_job(text, interval, bigint), @extschema@.extend_claim(bigint, text, interval),
    @extschema@.complete_job(bigint, text, jsonb), @extschema@.fail_job(bigint, text, text),
    @extschema@.enqueue_job(bigint, text, jsonb), @extschema@.take_wakeups(), @extschema@.pending_work(),
    @extschema@.begin_version(bigint, bigint, text, text, jsonb), @extschema@.finish_version(bigint, integer, text, jsonb),
    @extschema@.fail_version(bigint, integer, text, jsonb), @extschema@.promote_version(bigint, integer, text, text),
    @extschema@.sufficient_statistics(bigint, integer, jsonb), @extschema@.source_query(bigint, text, jsonb),
    @extschema@.column_profile(bigint, jsonb), @extschema@.log_predictions(text),
    @extschema@.record_monitoring(bigint, integer, text, bigint, float8, float8, float8, jsonb, float8, text, jsonb, text, integer),
    @extschema@.log_event(text, text, text, jsonb, bigint, integer, bigint)
TO pgct_agent;

-- log_predictions runs with the caller's rights (it reads the caller's source tables), so
-- its callers write the log and the watermark directly.
GRANT INSERT ON @extschema@.predictions TO pgct_admin, pgct_agent;
GRANT SELECT, INSERT, UPDATE ON @extschema@.log_state TO pgct_admin, pgct_agent;
