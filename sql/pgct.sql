-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pgct" to load this file. \quit

CREATE TABLE pgct.placeholder ();
