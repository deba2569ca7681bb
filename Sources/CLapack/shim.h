#ifndef PGCT_CLAPACK_SHIM_H
#define PGCT_CLAPACK_SHIM_H
/* LAPACKE (C interface to LAPACK) over OpenBLAS, from Debian's liblapacke-dev and libopenblas-dev. */
#include <lapacke.h>
#include <cblas.h>
#endif
