import Foundation
import Testing
@testable import PGCTModels

/// Values computed once by bench/compare/reference_values.py with numpy 2.4.6, scipy 1.17.1 and
/// scikit-learn 1.9.1 (printed with repr, all digits kept) and embedded here. Tolerances say how
/// close an independent double-precision implementation should come.
@Suite struct ReferenceValueTests {
    /// `make_pipeline(StandardScaler(with_mean=fit_intercept), Ridge(alpha, fit_intercept))`,
    /// coefficients divided by the scaler's scale and the intercept folded back. Tolerance 1e-10.
    static let ridge: [(alpha: Double, intercept: Bool, b0: Double, b: [Double])] = [
        (0.1, true, 2.067539598886455, [1.4931398393756123, -0.6983702927190236, 0.30208469594655324]),
        (0.1, false, 0, [1.6630452106840201, -0.6057159707679278, 0.33136115490111634]),
        (1.0, true, 2.4100273283388614, [1.4607747838187248, -0.6817190864633426, 0.29686387396810393]),
        (1.0, false, 0, [1.6585791148596336, -0.5737130814737477, 0.33112654162281424]),
        (10.0, true, 5.17523925838238, [1.2007395841528725, -0.5502982564248979, 0.25272041657360755]),
        (10.0, false, 0, [1.6206597249377288, -0.3187051586695547, 0.328489180094769]),
    ]

    @Test func ridgeMatchesScikitLearn() throws {
        let (x, y) = TestData.columns()
        for r in Self.ridge {
            let options = FitOptions(fitIntercept: r.intercept, algorithm: .ridge(alpha: r.alpha))
            let m = try LinearFitter.fit(columns: x, target: y, featureNames: ["x1", "x2", "x3"], options: options)
            if r.intercept { #expect(TestData.close(m.intercept, r.b0, 1e-10), "alpha \(r.alpha)") } else { #expect(m.intercept == nil) }
            for i in 0..<3 { #expect(TestData.close(m.coefficients[i], r.b[i], 1e-10), "alpha \(r.alpha) b\(i + 1)") }
            #expect(m.standardErrors == nil, "ridge has no OLS inference")
        }
    }

    /// `scipy.stats.linregress(x1, y)`: slope, intercept, their standard errors, p-value, r².
    @Test func olsInferenceMatchesSciPyLinregress() throws {
        let (x, y) = TestData.columns()
        for solver in [SolverChoice.fast, .accurate] {
            let m = try LinearFitter.fit(columns: [x[0]], target: y, featureNames: ["x1"], options: FitOptions(solver: solver))
            #expect(TestData.close(m.coefficients[0], 1.523147287368754, 1e-12))
            #expect(TestData.close(m.intercept, 2.569171092436868, 1e-12))
            #expect(TestData.close(m.standardErrors?[0] ?? nil, 0.09217471621637688, 1e-11))
            #expect(TestData.close(m.interceptStandardError, 0.9687270850861667, 1e-11))
            #expect(TestData.close(m.pValues?[0] ?? nil, 6.134790221152242e-19, 1e-8))
            #expect(TestData.close(m.r2, 0.8778375913983275, 1e-12))
        }
    }

    /// `sklearn.metrics` on actual [3, −0.5, 2, 7, 0, 4.2, 1.1] vs predicted [2.5, 0, 2, 8, 0.3, 3.9, 1.4]
    /// (the zero target exercises MAPE's ε). Tolerance 1e-12.
    @Test func metricsMatchScikitLearn() {
        let m = RegressionMetrics(actual: [3, -0.5, 2, 7, 0, 4.2, 1.1], predicted: [2.5, 0, 2, 8, 0.3, 3.9, 1.4])
        #expect(m.n == 7)
        #expect(TestData.close(m.r2, 0.9565963707699853, 1e-12))
        #expect(TestData.close(m.mae, 0.41428571428571426, 1e-12))
        #expect(TestData.close(m.mse, 0.25285714285714284, 1e-12))
        #expect(TestData.close(m.rmse, 0.5028490259085154, 1e-12))
        #expect(TestData.close(m.mape, 193011412601592.9, 1e-12))
        #expect(TestData.close(m.maxError, 1.0, 1e-12))
        #expect(TestData.close(m.medianAbsoluteError, 0.30000000000000027, 1e-12))
        #expect(TestData.close(m.explainedVariance, 0.9625166398094304, 1e-12))
    }

    /// scikit-learn: constant target gives r2 1.0 (perfect) or 0.0, explained variance likewise.
    @Test func metricEdgeCases() {
        #expect(RegressionMetrics(actual: [2, 2, 2], predicted: [2, 2, 2]).r2 == 1)
        #expect(RegressionMetrics(actual: [2, 2, 2], predicted: [2, 2.1, 2]).r2 == 0)
        #expect(RegressionMetrics(actual: [2, 2, 2], predicted: [2, 2.1, 1.9]).explainedVariance == 0)
        let one = RegressionMetrics(actual: [1], predicted: [3])
        #expect(one.n == 1 && one.r2 == nil && one.mae == 2 && one.maxError == 2)
        let empty = RegressionMetrics(actual: [], predicted: [])
        #expect(empty.n == 0 && empty.mae == nil && empty.r2 == nil)
        let adjusted = RegressionMetrics(actual: [1, 2, 3, 5], predicted: [1.1, 1.9, 3.2, 4.7], parameters: 1)
        #expect(TestData.close(adjusted.adjustedR2, 1 - (1 - adjusted.r2!) * 3 / 2, 1e-15))
        #expect(RegressionMetrics(actual: [1, 2], predicted: [1, 2], parameters: 1).adjustedR2 == nil)
        // Encodable despite the edge cases: nil, never NaN.
        #expect((try? JSONEncoder().encode(one)) != nil)
    }

    /// `scipy.special.betainc(a, b, x)`. Tolerance 1e-12 relative (1e-10 in the far tail).
    @Test func incompleteBetaMatchesSciPy() {
        let cases: [(x: Double, a: Double, b: Double, v: Double, tol: Double)] = [
            (0.3, 2, 3, 0.34829999999999994, 1e-12), (0.9, 0.5, 0.5, 0.7951672353008665, 1e-12),
            (0.01, 10, 0.5, 1.770034965528571e-21, 1e-10), (0.999, 50, 0.5, 0.7523690199653766, 1e-12),
            (0.5, 100, 100, 0.4999999999999996, 1e-12),
        ]
        for c in cases {
            #expect(TestData.close(StudentT.regularizedIncompleteBeta(x: c.x, a: c.a, b: c.b), c.v, c.tol), "I_\(c.x)(\(c.a), \(c.b))")
        }
    }

    /// `2 * scipy.stats.t.sf(|t|, df)`. Tolerance 1e-11 relative.
    @Test func studentTPValuesMatchSciPy() {
        let cases: [(t: Double, df: Double, p: Double)] = [
            (0.5, 3, 0.651447964848151), (2.0, 10, 0.07338803477074037), (-2.5, 34, 0.01740644549368469),
            (5.0, 80, 3.319806580511277e-06), (12.0, 5, 7.089492517161522e-05), (1e-3, 1, 0.9993633804398159),
        ]
        for c in cases {
            #expect(TestData.close(StudentT.twoSidedPValue(t: c.t, degreesOfFreedom: c.df), c.p, 1e-11), "t \(c.t) df \(c.df)")
        }
    }

    /// `scipy.stats.kstwobign.sf(λ)`. Tolerance 1e-12 absolute-or-relative.
    @Test func kolmogorovDistributionMatchesSciPy() {
        let cases: [(Double, Double)] = [
            (0.2, 0.999999999999495), (0.5, 0.9639452436648751), (0.8, 0.5441424115741981),
            (1.0, 0.26999967167735456), (1.18, 0.1234538094297657), (1.36, 0.049485876755377876),
            (2.0, 0.0006709252557796953), (3.0, 3.045995948942526e-08),
        ]
        for (lambda, q) in cases {
            #expect(abs(KolmogorovSmirnov.kolmogorovSurvival(lambda) - q) <= 1e-12 * max(q, 1e-3), "λ \(lambda)")
        }
    }

    /// `scipy.stats.ks_2samp(a, b).statistic`, and `kstwobign.sf(√(mn/(m+n))·D)` as the p-value.
    @Test func twoSampleKSMatchesSciPy() {
        let a = (0..<60).map { sin(Double($0) * 0.91) }
        let b = (0..<45).map { (i: Int) -> Double in sin(Double(i) * 0.57) * 1.2 + 0.2 }
        let r = KolmogorovSmirnov.twoSample(a, b)
        #expect(TestData.close(r.statistic, 0.26666666666666666, 1e-14))
        #expect(TestData.close(r.pValue, 0.0516113916471346, 1e-10))
    }

    /// PSI from numpy: decile edges (`np.quantile`, duplicates removed), bins by
    /// `searchsorted(edges, v, 'left')`, proportions floored at 1e-4. Tolerance 1e-12.
    @Test func psiMatchesNumPy() throws {
        let base = (0..<500).map { (i: Int) -> Double in sin(Double(i) * 0.13) * 5 + Double(i) * 0.01 }
        let cur = (0..<300).map { (i: Int) -> Double in sin(Double(i) * 0.29) * 5 + 1.0 + Double(i) * 0.01 }
        let baseline = try #require(FeatureStatistics(name: "x", values: base))
        #expect(TestData.close(PopulationStability.index(baseline: baseline, sample: cur), 0.04290827736732472, 1e-12))
    }
}
