#ifndef PGCT_CLIBPQ_SHIM_H
#define PGCT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <postgres_ext.h>

/* libpq's PG_DIAG_* field codes are character literals, which Swift cannot import:
   re-export the ones the client reads as integer constants. */
static const int PGCT_DIAG_SEVERITY_NONLOCALIZED = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int PGCT_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int PGCT_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int PGCT_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int PGCT_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int PGCT_DIAG_CONTEXT = PG_DIAG_CONTEXT;
static const int PGCT_DIAG_SCHEMA_NAME = PG_DIAG_SCHEMA_NAME;
static const int PGCT_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
static const int PGCT_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;
static const int PGCT_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;
#endif
