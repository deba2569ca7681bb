import Foundation

/// A coefficient that the data could not determine, and why.
public struct RankDeficiency: Sendable, Codable, Equatable {
    /// Expanded feature name (e.g. `x` or `x^2`).
    public var feature: String
    /// `constant` (no variation after centring, or all zeros without an intercept) or
    /// `collinear` (a linear combination of the features kept before it).
    public var reason: String
}

/// A fitted linear model: an intercept plus coefficients in the ORIGINAL units of the expanded
/// features, so that SQL predicts with a plain expression `b0 + b1*x + b2*x^2 …`.
///
/// Optional statistics are nil where they are undefined (no residual degrees of freedom, a
/// zero standard error, ridge), so that the value always encodes to JSON (which has no NaN).
public struct FittedModel: Sendable, Codable, Equatable {
    /// Raw feature names, in the order `predict` takes them.
    public var featureNames: [String]
    /// Polynomial degree d: feature f enters as f, f², …, f^d.
    public var polynomialDegree: Int
    /// Names of the expanded features (`f`, `f^2`, …, per feature in turn): the coefficients' order.
    public var expandedFeatureNames: [String]
    /// Intercept, or nil for a model through the origin.
    public var intercept: Double?
    /// One coefficient per expanded feature, in original units; 0 for a rank-deficient one.
    public var coefficients: [Double]
    /// Standard error of the intercept (OLS only).
    public var interceptStandardError: Double?
    /// Standard errors of the coefficients (OLS only; nil entries for dropped features).
    public var standardErrors: [Double?]?
    /// t statistic of the intercept.
    public var interceptTStatistic: Double?
    /// t statistics (coefficient / standard error; nil where the standard error is 0 or undefined).
    public var tStatistics: [Double?]?
    /// Two-sided p-value of the intercept.
    public var interceptPValue: Double?
    /// Two-sided p-values from Student's t with ``degreesOfFreedom``.
    public var pValues: [Double?]?
    /// √(RSS / (n − number of estimated coefficients)).
    public var residualStandardDeviation: Double?
    /// Training R²: 1 − RSS/Σ(y−ȳ)², or 1 − RSS/Σy² without an intercept (NIST's convention).
    public var r2: Double?
    /// 1 − (1 − R²)(n − i)/(n − k), i = 1 with an intercept else 0, k = estimated coefficients.
    public var adjustedR2: Double?
    /// Estimated 2-norm condition number of the column-equilibrated (and, with an intercept,
    /// centred) design matrix in the basis the solver used.
    public var conditionNumber: Double?
    /// Which solver produced the model.
    public var solver: SolverKind
    /// Why that solver was chosen (e.g. "requested", "polynomial features", "ill-conditioned").
    public var solverReason: String
    /// Estimator.
    public var algorithm: FitAlgorithm
    /// Rows used.
    public var n: Int
    /// Residual degrees of freedom: n − estimated coefficients (intercept included).
    public var degreesOfFreedom: Int
    /// Coefficients the data could not determine; each is set to 0 and named here.
    public var rankDeficiencies: [RankDeficiency]
    /// Training means of the expanded features: the centre of the explanations.
    public var expandedFeatureMeans: [Double]
    /// Training mean of the target.
    public var targetMean: Double

    /// Whether some coefficient could not be determined.
    public var isRankDeficient: Bool { !rankDeficiencies.isEmpty }

    /// The expanded features of one raw row: f, f², …, f^d for each feature in turn.
    public func expand(_ features: [Double]) -> [Double] {
        Polynomial.expand(features, degree: polynomialDegree)
    }

    /// Prediction for one row of raw (unexpanded) features.
    public func predict(_ features: [Double]) -> Double {
        precondition(features.count == featureNames.count,
                     "predict takes \(featureNames.count) features, got \(features.count)")
        let x = expand(features)
        var s = intercept ?? 0
        for i in 0..<x.count { s += coefficients[i] * x[i] }
        return s
    }

    /// Mean prediction over the training rows (exact for a linear model): the Shapley base value.
    public var baseValue: Double {
        var s = intercept ?? 0
        for i in 0..<coefficients.count { s += coefficients[i] * expandedFeatureMeans[i] }
        return s
    }
}

/// Polynomial expansion shared by the fitter, the model and the explanations.
enum Polynomial {
    /// Names f, f^2, …, f^d for each feature in turn.
    static func names(_ features: [String], degree: Int) -> [String] {
        features.flatMap { f in (1...degree).map { $0 == 1 ? f : "\(f)^\($0)" } }
    }

    /// Column-major expansion: for each feature its columns x, x², …, x^d (powers in extended precision).
    static func expandColumns(_ columns: [[Double]], degree: Int) -> [[Double]] {
        if degree == 1 { return columns }
        return columns.flatMap { c in
            (1...degree).map { k in c.map { Double(pow(Extended($0), k)) } }
        }
    }

    /// Values x, x², …, x^d per feature, each power formed in Float80 then rounded once.
    static func expand(_ features: [Double], degree: Int) -> [Double] {
        if degree == 1 { return features }
        var out: [Double] = []
        out.reserveCapacity(features.count * degree)
        for x in features {
            let xe = Extended(x)
            var power = xe
            for _ in 1...degree { out.append(Double(power)); power *= xe }
        }
        return out
    }
}
