#!/bin/sh
# The upgrade path: every released version of pgct (a frozen sql/pgct--X.sql other than the
# current one), installed and then brought up with `ALTER EXTENSION pgct UPDATE`, must end at
# the current version with exactly the schema a fresh install of the current version has
# (tables, columns, constraints, indexes, views, function bodies, comments, privileges).
# Usage: upgrade.sh SQL_DIR CURRENT_VERSION   (connection from PGHOST/PGPORT/PGUSER)
set -eu
dir=$1
current=$2
export PGOPTIONS="-c client_min_messages=warning"
fresh=pgct_upgrade_fresh
upgraded=pgct_upgrade_from
work=$(mktemp -d)
cleanup() {
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $fresh" -c "DROP DATABASE IF EXISTS $upgraded"
    rm -rf "$work"
}
trap cleanup EXIT

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $fresh" -c "CREATE DATABASE $fresh"
psql -X -q -v ON_ERROR_STOP=1 -d $fresh -c "CREATE EXTENSION pgct"
psql -X -q -v ON_ERROR_STOP=1 -d $fresh -f "$dir/test/schema_signature.sql" > "$work/fresh.txt"

released=0
for script in "$dir"/pgct--*.sql; do
    version=$(basename "$script" .sql | sed -n 's/^pgct--\([0-9.]*\)$/\1/p')
    [ -n "$version" ] && [ "$version" != "$current" ] || continue
    released=$((released + 1))
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $upgraded" -c "CREATE DATABASE $upgraded"
    psql -X -q -v ON_ERROR_STOP=1 -d $upgraded -c "CREATE EXTENSION pgct VERSION '$version'"
    psql -X -q -v ON_ERROR_STOP=1 -d $upgraded -c "ALTER EXTENSION pgct UPDATE"
    now=$(psql -X -qAt -d $upgraded -c "SELECT extversion FROM pg_extension WHERE extname = 'pgct'")
    if [ "$now" != "$current" ]; then
        echo "upgrade from $version: ended at $now, not $current" >&2; exit 1
    fi
    psql -X -q -v ON_ERROR_STOP=1 -d $upgraded -f "$dir/test/schema_signature.sql" > "$work/upgraded.txt"
    if ! diff -u "$work/fresh.txt" "$work/upgraded.txt" > "$work/diff.txt"; then
        echo "upgrade from $version to $current differs from a fresh $current install:" >&2
        head -n 60 "$work/diff.txt" >&2
        exit 1
    fi
    echo "upgrade $version -> $current: ok ($(wc -l < "$work/fresh.txt") schema lines identical)"
done
if [ "$released" -eq 0 ]; then
    echo "upgrade: no released version to upgrade from" >&2; exit 1
fi
