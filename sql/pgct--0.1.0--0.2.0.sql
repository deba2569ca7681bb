-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION pgct UPDATE TO '0.2.0'" to load this file. \quit

-- pgct 0.1.0 → 0.2.0.
--
-- 0.1.0 is released and frozen as sql/pgct--0.1.0.sql. Every change made to sql/pgct.sql from
-- now on is also written here, as the statements that turn a 0.1.0 installation into the
-- current one; test/upgrade.sh (part of make installcheck) fails when an upgraded database
-- differs from a fresh install in any table, column, constraint, index, view, function body,
-- comment or privilege.

-------------------------------------------------------------------------------
-- The agent's evaluation scores both sides of the split in one pass (score_parts); the
-- metrics expression is shared by score and score_parts (metrics_sql).
-------------------------------------------------------------------------------
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

CREATE OR REPLACE FUNCTION @extschema@.score(model_id bigint, intercept float8, coefficients float8[], part text DEFAULT 'test',
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

REVOKE ALL ON FUNCTION @extschema@.metrics_sql(text), @extschema@.score_parts(bigint, float8, float8[], jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.metrics_sql(text), @extschema@.score_parts(bigint, float8, float8[], jsonb) TO pgct_reader;
