#!/bin/sh
# The managed-PostgreSQL path: apply the stripped script (what `pgct install` does) in one
# transaction to a fresh database, without the extension files, then smoke-test it.
# Usage: direct_install.sh STRIPPED_SCRIPT   (connection from PGHOST/PGPORT/PGUSER)
set -eu
script=$1
db=pgct_direct_install_test
export PGOPTIONS="-c client_min_messages=warning"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
{
    echo "CREATE SCHEMA IF NOT EXISTS pgct;"
    echo "SET pgct.direct_install = 'on';"
    cat "$script"
} | psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d $db
# Applying it twice must fail cleanly (objects exist), not half-apply: one transaction.
if { echo "CREATE SCHEMA IF NOT EXISTS pgct; SET pgct.direct_install = 'on';"; cat "$script"; } \
    | psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d $db >/dev/null 2>&1; then
    echo "direct install: a second application should have failed" >&2; exit 1
fi
result=$(psql -X -qAt -v ON_ERROR_STOP=1 -d $db <<'SQL'
CREATE TABLE pts (id integer PRIMARY KEY, x float8, y float8);
INSERT INTO pts SELECT i, i, 2 * i + 1 FROM generate_series(1, 20) i;
SELECT pgct.create_model('pts', 'pts', 'y', ARRAY['x']) AS mid \gset
SELECT pgct.begin_version(:mid, NULL, 'direct') AS v \gset
SELECT pgct.finish_version(:mid, :v, 'candidate', '{"intercept": 1, "coefficients": [2], "feature_means": [10]}');
SELECT pgct.promote_version(:mid, :v, 'direct');
SELECT pgct.predict('pts', ARRAY[10]) || ' ' || pgct_models.pts(10) || ' '
    || (SELECT count(*) FROM pg_extension WHERE extname = 'pgct');
SQL
)
result=$(echo "$result" | tail -n 1)
if [ "$result" != "21 21 0" ]; then
    echo "direct install: expected '21 21 0' (predict, generated function, no extension), got '$result'" >&2; exit 1
fi
echo "direct install: ok"
