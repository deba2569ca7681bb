import Foundation
import PGCTReport

/// Global importance of each expanded feature: the mean absolute contribution
/// |coefficient × (value − training mean)| over the training distribution (the mean of the
/// exact linear Shapley values' magnitudes, as BigQuery ML's GLOBAL_EXPLAIN).
///
/// The training rows are not kept, but each version stores its raw features' 101 percentiles
/// (the drift baseline). Averaging |c × (q^k − mean)| over the percentiles with trapezoid
/// weights is the expectation over the training distribution up to the percentile grid, with
/// no assumption on its shape, and it also holds for the powers of a polynomial expansion.
enum Importance {
    /// - Parameters:
    ///   - coefficients, names, means: per expanded feature (x, x², … of each raw feature in turn).
    ///   - percentiles: per raw feature, its 101 training percentiles.
    static func fromPercentiles(coefficients: [Double], names: [String], means: [Double],
                                percentiles: [[Double]], degree: Int) -> [ReportData.FeatureImportance] {
        let degree = max(degree, 1)
        guard means.count == coefficients.count, percentiles.count * degree == coefficients.count else { return [] }
        return coefficients.indices.compactMap { j -> ReportData.FeatureImportance? in
            let q = percentiles[j / degree]
            guard q.count >= 2 else { return nil }
            let power = Double(j % degree + 1)
            var total = 0.0
            for (i, value) in q.enumerated() {
                let weight = (i == 0 || i == q.count - 1) ? 0.5 : 1.0
                total += weight * abs(coefficients[j] * (pow(value, power) - means[j]))
            }
            let mean = total / Double(q.count - 1)
            guard mean.isFinite else { return nil }
            return ReportData.FeatureImportance(feature: j < names.count ? names[j] : "x\(j + 1)", meanAbsContribution: mean)
        }
        .sorted { $0.meanAbsContribution > $1.meanAbsContribution }
    }
}
