/// A feature's training distribution: the baseline the registry stores for drift detection
/// and explanations.
///
/// Bins are quantile bins: interior edges at the deciles (duplicates removed, so a discrete
/// feature gets fewer bins), bin i holds values v with edge[i−1] < v ≤ edge[i], and the outer
/// bins are open. `percentiles` (0, 1, …, 100) let the KS statistic be evaluated against the
/// baseline without keeping the training rows.
public struct FeatureStatistics: Sendable, Codable, Equatable {
    /// Feature name (or "prediction").
    public var name: String
    /// Finite values summarized.
    public var count: Int
    public var mean: Double
    /// Population standard deviation (ddof = 0, as scikit-learn's StandardScaler).
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    /// Interior bin edges, strictly increasing.
    public var binEdges: [Double]
    /// Fraction of training values in each of the `binEdges.count + 1` bins.
    public var baselineProportions: [Double]
    /// The 101 percentiles (numpy's linear definition) of the training values.
    public var percentiles: [Double]

    /// Number of quantile bins before duplicate edges are merged.
    public static let defaultBinCount = 10

    /// Summarizes the finite values of `values`; nil when there are none.
    public init?(name: String, values: [Double], bins: Int = FeatureStatistics.defaultBinCount) {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        self.name = name
        count = sorted.count
        let n = Double(count)
        mean = sorted.reduce(0, +) / n
        var ss = 0.0
        for v in sorted { ss += (v - mean) * (v - mean) }
        standardDeviation = (ss / n).squareRoot()
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        var edges: [Double] = []
        for i in 1..<bins {
            let e = Quantiles.quantile(sorted: sorted, Double(i) / Double(bins))
            if edges.last.map({ e > $0 }) ?? true { edges.append(e) }
        }
        binEdges = edges
        baselineProportions = Self.proportions(of: sorted, edges: edges)
        percentiles = (0...100).map { Quantiles.quantile(sorted: sorted, Double($0) / 100) }
    }

    /// Index of the bin holding `value` (edge[i−1] < value ≤ edge[i]).
    public static func bin(of value: Double, edges: [Double]) -> Int {
        var lo = 0, hi = edges.count  // first edge ≥ value
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Fraction of `values` in each bin defined by `edges`.
    public static func proportions(of values: [Double], edges: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for v in values { counts[bin(of: v, edges: edges)] += 1 }
        let n = Double(max(values.count, 1))
        return counts.map { $0 / n }
    }
}
