/// Exact Shapley values of a linear model (features assumed independent, as SHAP's
/// `LinearExplainer` and BigQuery ML's `ML.EXPLAIN_PREDICT` do): the contribution of expanded
/// feature i is coefᵢ × (xᵢ − meanᵢ) with the training means, and the base value is the mean
/// prediction over the training rows. Contributions sum exactly to prediction − base value.
public struct Explanation: Sendable, Codable, Equatable {
    /// Expanded feature names, in coefficient order.
    public var features: [String]
    /// One contribution per expanded feature.
    public var contributions: [Double]
    /// Mean training prediction.
    public var baseValue: Double
    /// The model's prediction for the row.
    public var prediction: Double

    /// Explains one row of raw (unexpanded) features.
    public init(model: FittedModel, features raw: [Double]) {
        let x = model.expand(raw)
        features = model.expandedFeatureNames
        contributions = (0..<x.count).map { model.coefficients[$0] * (x[$0] - model.expandedFeatureMeans[$0]) }
        baseValue = model.baseValue
        prediction = model.predict(raw)
    }

    /// Global importance: mean |contribution| per expanded feature over `rows` (raw features).
    public static func globalImportance(model: FittedModel, rows: [[Double]]) -> [String: Double] {
        var sums = [Double](repeating: 0, count: model.coefficients.count)
        for row in rows {
            let e = Explanation(model: model, features: row)
            for i in 0..<sums.count { sums[i] += abs(e.contributions[i]) }
        }
        let n = Double(max(rows.count, 1))
        return Dictionary(uniqueKeysWithValues: zip(model.expandedFeatureNames, sums.map { $0 / n }))
    }
}
