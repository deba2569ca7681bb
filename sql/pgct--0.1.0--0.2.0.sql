-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION pgct UPDATE TO '0.2.0'" to load this file. \quit

-- pgct 0.1.0 → 0.2.0.
--
-- 0.1.0 is released and frozen as sql/pgct--0.1.0.sql. Every change made to sql/pgct.sql from
-- now on is also written here, as the statements that turn a 0.1.0 installation into the
-- current one; test/upgrade.sh (part of make installcheck) fails when an upgraded database
-- differs from a fresh install in any table, column, constraint, index, view, function body,
-- comment or privilege. Nothing has changed yet.
