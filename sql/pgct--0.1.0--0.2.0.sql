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

-------------------------------------------------------------------------------
-- The statistics pass aggregates unguarded columns over usable rows only (model_rows_sql
-- gains __x1..__xq and __y; the excluded rows are counted apart).
-------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION @extschema@.model_rows_sql(model_id bigint, overrides jsonb DEFAULT NULL, literal boolean DEFAULT false,
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


CREATE OR REPLACE FUNCTION @extschema@.sufficient_statistics(model_id bigint, folds integer DEFAULT 0, overrides jsonb DEFAULT NULL)
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

-------------------------------------------------------------------------------
-- The validation profile aggregates the raw columns directly (no per-row CASE columns).
-------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION @extschema@.column_profile(model_id bigint, overrides jsonb DEFAULT NULL)
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

