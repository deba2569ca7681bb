import Foundation

/// Regression metrics with scikit-learn's definitions (`sklearn.metrics`, version 1.x).
///
/// Edge cases follow scikit-learn where it defines a number and are nil where it does not:
/// - empty input: every metric nil, `n` = 0 (scikit-learn raises);
/// - fewer than 2 rows: `r2` and `explainedVariance` nil (scikit-learn returns NaN with a warning);
/// - constant target: `r2` and `explainedVariance` are 1 for a perfect prediction, else 0
///   (scikit-learn's `force_finite=True`);
/// - MAPE divides by max(|y|, ε) with ε = 2.22e-16 (`np.finfo(float64).eps`), so a zero target
///   gives a huge but finite value, exactly as scikit-learn does;
/// - adjusted R² (not in scikit-learn) = 1 − (1 − R²)(n − 1)/(n − p − 1) with p the number of
///   model parameters excluding the intercept; nil when n − p − 1 ≤ 0.
public struct RegressionMetrics: Sendable, Codable, Equatable {
    /// Rows scored.
    public var n: Int
    public var r2: Double?
    public var adjustedR2: Double?
    public var meanAbsoluteError: Double?
    public var meanSquaredError: Double?
    public var rootMeanSquaredError: Double?
    public var meanAbsolutePercentageError: Double?
    public var maxError: Double?
    public var medianAbsoluteError: Double?
    public var explainedVariance: Double?

    /// Short names matching the SQL side's metric keys.
    public var mae: Double? { meanAbsoluteError }
    public var mse: Double? { meanSquaredError }
    public var rmse: Double? { rootMeanSquaredError }
    public var mape: Double? { meanAbsolutePercentageError }

    /// Scores `predicted` against `actual`; `parameters` is p for the adjusted R².
    public init(actual: [Double], predicted: [Double], parameters: Int = 0) {
        precondition(actual.count == predicted.count, "actual and predicted differ in length")
        n = actual.count
        guard n > 0 else { return }
        let nd = Double(n)
        var absSum = 0.0, sqSum = 0.0, apeSum = 0.0, maxErr = 0.0
        var errors = [Double](repeating: 0, count: n)
        var absErrors = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let e = actual[i] - predicted[i]
            errors[i] = e
            absErrors[i] = abs(e)
            absSum += abs(e)
            sqSum += e * e
            apeSum += abs(e) / max(abs(actual[i]), Double.ulpOfOne)
            maxErr = max(maxErr, abs(e))
        }
        meanAbsoluteError = absSum / nd
        meanSquaredError = sqSum / nd
        rootMeanSquaredError = (sqSum / nd).squareRoot()
        meanAbsolutePercentageError = apeSum / nd
        maxError = maxErr
        medianAbsoluteError = Self.median(absErrors)

        guard n >= 2 else { return }
        let yMean = actual.reduce(0, +) / nd
        var total = 0.0
        for y in actual { total += (y - yMean) * (y - yMean) }
        let r2 = Self.finiteRatioScore(numerator: sqSum, denominator: total)
        self.r2 = r2
        let eMean = errors.reduce(0, +) / nd
        var errorVariance = 0.0
        for e in errors { errorVariance += (e - eMean) * (e - eMean) }
        explainedVariance = Self.finiteRatioScore(numerator: errorVariance, denominator: total)
        if n - parameters - 1 > 0 {
            adjustedR2 = 1 - (1 - r2) * (nd - 1) / Double(n - parameters - 1)
        }
    }

    /// 1 − num/den, with scikit-learn's `force_finite` rule for a zero denominator.
    private static func finiteRatioScore(numerator: Double, denominator: Double) -> Double {
        if denominator == 0 { return numerator == 0 ? 1 : 0 }
        return 1 - numerator / denominator
    }

    /// numpy's median: the mean of the two middle values for an even count.
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
