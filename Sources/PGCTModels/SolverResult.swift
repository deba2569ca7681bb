import Foundation

/// What either solver hands to the model assembly: estimates in original units plus the
/// diagonal of (XᵀX)⁻¹ (unscaled variances) that inference needs.
struct SolverResult {
    var intercept: Double?
    /// One per expanded feature; 0 for dropped ones.
    var coefficients: [Double]
    /// [(XᵀX)⁻¹]ᵢᵢ for the intercept, when there is one and inference applies.
    var interceptUnscaledVariance: Double?
    /// [(XᵀX)⁻¹]ᵢᵢ per expanded feature; nil for dropped ones or without inference.
    var unscaledVariances: [Double?]?
    var residualSumOfSquares: Double
    /// Σ(y−ȳ)² with an intercept, Σy² without: the R² denominator.
    var totalSumOfSquares: Double
    /// Number of estimated coefficients, intercept included.
    var estimatedCount: Int
    var conditionNumber: Double?
    var rankDeficiencies: [RankDeficiency]
    var expandedMeans: [Double]
    var targetMean: Double
    var n: Int
}

/// Turns a solver's estimates into a ``FittedModel`` with MADlib-style inference statistics.
enum ModelAssembly {
    static func model(_ s: SolverResult, featureNames: [String], options: FitOptions,
                      solver: SolverKind, reason: String) -> FittedModel {
        let df = s.n - s.estimatedCount
        let rss = max(0, s.residualSumOfSquares)
        let sigma2: Double? = df > 0 ? rss / Double(df) : nil
        let r2: Double? = s.totalSumOfSquares > 0 ? 1 - rss / s.totalSumOfSquares : nil
        let interceptTerms = options.fitIntercept ? 1 : 0
        var adjusted: Double? = nil
        if let r2, df > 0 { adjusted = 1 - (1 - r2) * Double(s.n - interceptTerms) / Double(df) }

        // Inference needs OLS and residual degrees of freedom (MADlib reports the same set).
        let isOLS = options.algorithm == .ols
        func standardError(_ v: Double?) -> Double? {
            guard isOLS, let v, let sigma2 else { return nil }
            return (sigma2 * max(0, v)).squareRoot()
        }
        func t(_ estimate: Double, _ se: Double?) -> Double? {
            guard let se, se > 0 else { return nil }
            return estimate / se
        }
        func p(_ t: Double?, _ se: Double?) -> Double? {
            guard let se, df > 0 else { return nil }
            if se == 0 { return 0 }  // an exact fit: the estimate has no sampling error
            guard let t else { return nil }
            return StudentT.twoSidedPValue(t: t, degreesOfFreedom: Double(df))
        }
        let ses: [Double?]? = (isOLS && sigma2 != nil) ? (s.unscaledVariances?.map(standardError)) : nil
        let ts: [Double?]? = ses.map { ses in zip(s.coefficients, ses).map { t($0, $1) } }
        let ps: [Double?]? = ts.flatMap { ts in ses.map { ses in zip(ts, ses).map { p($0, $1) } } }
        let interceptSE = s.intercept == nil ? nil : standardError(s.interceptUnscaledVariance)
        let interceptT = s.intercept.flatMap { t($0, interceptSE) }
        let interceptP = s.intercept == nil ? nil : p(interceptT, interceptSE)

        return FittedModel(
            featureNames: featureNames, polynomialDegree: options.polynomialDegree,
            expandedFeatureNames: Polynomial.names(featureNames, degree: options.polynomialDegree),
            intercept: s.intercept, coefficients: s.coefficients,
            interceptStandardError: interceptSE, standardErrors: ses,
            interceptTStatistic: interceptT, tStatistics: ts, interceptPValue: interceptP, pValues: ps,
            residualStandardDeviation: sigma2.map { $0.squareRoot() }, r2: r2, adjustedR2: adjusted,
            conditionNumber: s.conditionNumber.flatMap { $0.isFinite ? $0 : nil },
            solver: solver, solverReason: reason, algorithm: options.algorithm, n: s.n,
            degreesOfFreedom: df, rankDeficiencies: s.rankDeficiencies,
            expandedFeatureMeans: s.expandedMeans, targetMean: s.targetMean)
    }
}
