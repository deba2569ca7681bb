#!/usr/bin/env python3
"""Reference values embedded in Tests/Unit/ModelsTests (computed once; the product never runs Python).

Run:  pip install numpy scipy scikit-learn && python3 bench/compare/reference_values.py
Printed with repr() so every digit is kept. The synthetic dataset is defined by formulas the Swift
tests reproduce (sin/cos of integers), so both sides see the same numbers up to libm's last bit.
"""
import math
import numpy as np
import scipy, sklearn
from scipy import stats, special
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Ridge
from sklearn import metrics

print("# numpy", np.__version__, "scipy", scipy.__version__, "scikit-learn", sklearn.__version__)

def dataset(n=40):
    x1 = [math.sin(0.37 * i) * 3 + 10 for i in range(n)]
    x2 = [math.cos(0.23 * i) + 0.05 * i for i in range(n)]
    x3 = [float((i * 7) % 11) for i in range(n)]
    y = [2 + 1.5 * a - 0.7 * b + 0.3 * c + 0.5 * math.sin(1.3 * i + 0.4) for i, (a, b, c) in enumerate(zip(x1, x2, x3))]
    return np.column_stack([x1, x2, x3]), np.array(y)

X, y = dataset()
print("## ridge: make_pipeline(StandardScaler(), Ridge(alpha)), folded back to original units")
for alpha in [0.1, 1.0, 10.0]:
    for fit_intercept in [True, False]:
        scaler = StandardScaler(with_mean=fit_intercept)
        pipe = make_pipeline(scaler, Ridge(alpha=alpha, fit_intercept=fit_intercept)).fit(X, y)
        r = pipe[-1]
        coef = r.coef_ / scaler.scale_
        intercept = (r.intercept_ - np.sum(r.coef_ * scaler.mean_ / scaler.scale_)) if fit_intercept else 0.0
        print(alpha, fit_intercept, repr(float(intercept)), [repr(float(c)) for c in coef])

print("## linregress on (x1, y): slope, intercept, stderr, intercept_stderr, pvalue, rvalue^2")
lr = stats.linregress(X[:, 0], y)
print([repr(float(v)) for v in (lr.slope, lr.intercept, lr.stderr, lr.intercept_stderr, lr.pvalue, lr.rvalue ** 2)])

print("## metrics")
actual = np.array([3.0, -0.5, 2.0, 7.0, 0.0, 4.2, 1.1])
pred = np.array([2.5, 0.0, 2.0, 8.0, 0.3, 3.9, 1.4])
for name, f in [("r2", metrics.r2_score), ("mae", metrics.mean_absolute_error), ("mse", metrics.mean_squared_error),
                ("mape", metrics.mean_absolute_percentage_error), ("max", metrics.max_error),
                ("medae", metrics.median_absolute_error), ("ev", metrics.explained_variance_score)]:
    print(name, repr(float(f(actual, pred))))
print("rmse", repr(float(metrics.root_mean_squared_error(actual, pred))))
print("constant target perfect", metrics.r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
      "imperfect", metrics.r2_score([2.0, 2.0, 2.0], [2.0, 2.1, 2.0]),
      "ev imperfect", metrics.explained_variance_score([2.0, 2.0, 2.0], [2.0, 2.1, 1.9]))

print("## regularized incomplete beta I_x(a, b)")
for x, a, b in [(0.3, 2.0, 3.0), (0.9, 0.5, 0.5), (0.01, 10.0, 0.5), (0.999, 50.0, 0.5), (0.5, 100.0, 100.0)]:
    print(x, a, b, repr(float(special.betainc(a, b, x))))
print("## two-sided t p-values 2*t.sf(|t|, df)")
for t, df in [(0.5, 3), (2.0, 10), (-2.5, 34), (5.0, 80), (12.0, 5), (1e-3, 1)]:
    print(t, df, repr(float(2 * stats.t.sf(abs(t), df))))

print("## Kolmogorov survival kstwobign.sf")
for lam in [0.2, 0.5, 0.8, 1.0, 1.18, 1.36, 2.0, 3.0]:
    print(lam, repr(float(stats.kstwobign.sf(lam))))
a = [math.sin(i * 0.91) for i in range(60)]
b = [math.sin(i * 0.57) * 1.2 + 0.2 for i in range(45)]
r = stats.ks_2samp(a, b)
en = 60 * 45 / 105
print("ks_2samp statistic", repr(float(r.statistic)), "kstwobign p", repr(float(stats.kstwobign.sf(math.sqrt(en) * r.statistic))))

print("## PSI with numpy: deciles (np.quantile), bin = searchsorted(edges, v, 'left'), floor 1e-4")
base = np.array([math.sin(i * 0.13) * 5 + i * 0.01 for i in range(500)])
cur = np.array([math.sin(i * 0.29) * 5 + 1.0 + i * 0.01 for i in range(300)])
edges = np.unique(np.quantile(base, np.arange(1, 10) / 10))
bp = np.bincount(np.searchsorted(edges, base, 'left'), minlength=len(edges) + 1) / len(base)
cp = np.bincount(np.searchsorted(edges, cur, 'left'), minlength=len(edges) + 1) / len(cur)
bp2, cp2 = np.maximum(bp, 1e-4), np.maximum(cp, 1e-4)
print("psi", repr(float(np.sum((cp2 - bp2) * np.log(cp2 / bp2)))))
