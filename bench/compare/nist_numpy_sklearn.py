#!/usr/bin/env python3
"""LRE of numpy's and scikit-learn's DEFAULT least squares on the NIST StRD linear datasets,
for the README's Accuracy section next to the table pgct's tests print. Not used by the product.

Run:  pip install numpy scikit-learn && python3 bench/compare/nist_numpy_sklearn.py
Reads ../shared/data/nist-strd beside the repository (same files as the Swift tests).
Each model is fitted as NIST states it; polynomial powers formed in float64 (as numpy users do).
Standard errors come from sigma^2 (X^T X)^-1 with numpy's inv, the usual recipe.
"""
import json, math, os, sys
import numpy as np
from sklearn.linear_model import LinearRegression

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "nist-strd")
cert = json.load(open(os.path.join(root, "certified.json")))

def lre(computed, certified):
    c = float(certified)
    if not math.isfinite(computed):
        return 0.0
    err = abs(computed) if c == 0 else abs(computed - c) / abs(c)
    return 15.0 if err == 0 else min(15.0, max(0.0, -math.log10(err)))

def load(name, d):
    lines = open(os.path.join(root, name + ".dat"), encoding="ascii").read().splitlines()
    rows = [list(map(float, l.split())) for l in lines[d["data_lines"][0] - 1:d["data_lines"][1]]]
    a = np.array(rows)
    return a[:, 1:], a[:, 0]

def design(x, d):
    deg = d.get("degree", 1)
    cols = [x[:, j] ** k for j in range(x.shape[1]) for k in range(1, deg + 1)]
    return np.column_stack(cols)

def stats(X, y, beta, intercept):
    A = np.column_stack([np.ones(len(y)), X]) if intercept else X
    coef = np.concatenate([[intercept], beta]) if intercept is not False and intercept is not None else beta
    r = y - A @ coef
    dof = len(y) - A.shape[1]
    s2 = r @ r / dof
    se = np.sqrt(np.abs(np.diag(s2 * np.linalg.inv(A.T @ A))))
    tss = np.sum((y - y.mean()) ** 2) if intercept is not None else np.sum(y ** 2)
    return coef, se, math.sqrt(s2), 1 - (r @ r) / tss

print("| Dataset | numpy lstsq coef | numpy SE | sklearn LinearRegression coef | sklearn SE | sklearn resid SD | sklearn R² |")
print("|---|---|---|---|---|---|---|")
for name, d in cert.items():
    x, y = load(name, d)
    X = design(x, d)
    icpt = d["intercept"]
    A = np.column_stack([np.ones(len(y)), X]) if icpt else X
    beta = np.linalg.lstsq(A, y, rcond=None)[0]  # numpy's default rcond (machine eps * max(m, n))
    coef_np, se_np, sd_np, r2_np = stats(X, y, beta[1:] if icpt else beta, beta[0] if icpt else None)
    m = LinearRegression(fit_intercept=icpt).fit(X, y)
    coef_sk, se_sk, sd_sk, r2_sk = stats(X, y, m.coef_, m.intercept_ if icpt else None)
    certc, certs = d["certified_coefficients"], d["certified_std_errors"]
    f = lambda v: "%.1f" % v
    print(f"| {name} | {f(min(lre(a, c) for a, c in zip(coef_np, certc)))} | {f(min(lre(a, c) for a, c in zip(se_np, certs)))} "
          f"| {f(min(lre(a, c) for a, c in zip(coef_sk, certc)))} | {f(min(lre(a, c) for a, c in zip(se_sk, certs)))} "
          f"| {f(lre(sd_sk, d['residual_sd']))} | {f(lre(r2_sk, d['r_squared']))} |")
