/// Everything an ordinary-least-squares or ridge fit needs from the data, in centred form.
///
/// Centred sums (Σ(x−x̄)(x−x̄)ᵀ rather than ΣxxᵀΣ) are kept because they lose no digits when
/// the features have large means, and because two sets of them merge exactly (Chan et al.'s
/// parallel update), which is what lets the agent keep per-fold and per-chunk statistics and
/// refit after new rows without rescanning. PostgreSQL computes the same quantities in one
/// aggregate query with `avg` and `covar_pop`; see ``init(count:featureMeans:targetMean:featureCovariance:featureTargetCovariance:targetVariance:)``.
public struct SufficientStatistics: Sendable, Codable, Equatable {
    /// Number of rows accumulated.
    public private(set) var count: Int
    /// Column means of the features.
    public private(set) var featureMeans: [Double]
    /// Mean of the target.
    public private(set) var targetMean: Double
    /// Σ(x−x̄)(x−x̄)ᵀ, p×p, column-major (symmetric).
    public private(set) var crossProducts: [Double]
    /// Σ(x−x̄)(y−ȳ), one entry per feature.
    public private(set) var crossTarget: [Double]
    /// Σ(y−ȳ)².
    public private(set) var targetSumOfSquares: Double

    /// Number of features.
    public var featureCount: Int { featureMeans.count }

    /// Empty statistics over `featureCount` features.
    public init(featureCount: Int) {
        count = 0
        featureMeans = Array(repeating: 0, count: featureCount)
        targetMean = 0
        crossProducts = Array(repeating: 0, count: featureCount * featureCount)
        crossTarget = Array(repeating: 0, count: featureCount)
        targetSumOfSquares = 0
    }

    /// Statistics from what one SQL aggregate query returns: `count(*)`, `avg` of every column and
    /// `covar_pop` of every pair. Population covariances are centred sums divided by n, so the
    /// centred sums are n·covar_pop. `featureCovariance` is p×p, row- or column-major (symmetric).
    public init(count: Int, featureMeans: [Double], targetMean: Double, featureCovariance: [Double],
                featureTargetCovariance: [Double], targetVariance: Double) {
        let p = featureMeans.count
        precondition(featureCovariance.count == p * p && featureTargetCovariance.count == p,
                     "covariance sizes must match the number of features")
        let n = Double(count)
        self.count = count
        self.featureMeans = featureMeans
        self.targetMean = targetMean
        crossProducts = featureCovariance.map { $0 * n }
        crossTarget = featureTargetCovariance.map { $0 * n }
        targetSumOfSquares = targetVariance * n
    }

    /// Adds one row (Welford's update: numerically stable in one pass).
    public mutating func accumulate(row: [Double], target: Double) {
        let p = featureCount
        precondition(row.count == p, "row has \(row.count) values, statistics have \(p) features")
        count += 1
        let n = Double(count)
        // Deviations from the old means, then from the new ones: C += d_old · d_newᵀ is exact algebra.
        var dOld = [Double](repeating: 0, count: p)
        for i in 0..<p { dOld[i] = row[i] - featureMeans[i] }
        let dyOld = target - targetMean
        for i in 0..<p { featureMeans[i] += dOld[i] / n }
        targetMean += dyOld / n
        let dyNew = target - targetMean
        for j in 0..<p {
            let dNewJ = row[j] - featureMeans[j]
            for i in 0..<p { crossProducts[j * p + i] += dOld[i] * dNewJ }
            crossTarget[j] += dOld[j] * dyNew
        }
        targetSumOfSquares += dyOld * dyNew
    }

    /// Statistics of the union of two disjoint row sets (Chan, Golub & LeVeque's pairwise merge).
    public func merged(with other: SufficientStatistics) -> SufficientStatistics {
        precondition(other.featureCount == featureCount, "cannot merge statistics of different widths")
        if other.count == 0 { return self }
        if count == 0 { return other }
        let p = featureCount
        let na = Double(count), nb = Double(other.count), n = na + nb
        let w = na * nb / n
        var out = self
        out.count = count + other.count
        let d = (0..<p).map { other.featureMeans[$0] - featureMeans[$0] }
        let dy = other.targetMean - targetMean
        for i in 0..<p { out.featureMeans[i] = featureMeans[i] + d[i] * nb / n }
        out.targetMean = targetMean + dy * nb / n
        for j in 0..<p {
            for i in 0..<p {
                out.crossProducts[j * p + i] = crossProducts[j * p + i] + other.crossProducts[j * p + i] + d[i] * d[j] * w
            }
            out.crossTarget[j] = crossTarget[j] + other.crossTarget[j] + d[j] * dy * w
        }
        out.targetSumOfSquares = targetSumOfSquares + other.targetSumOfSquares + dy * dy * w
        return out
    }

    /// Statistics of rows given column-major (one array per feature). Two passes — means, then
    /// centred sums — which is as exact as Welford's update and avoids per-row work on arrays.
    public init(columns: [[Double]], target: [Double]) {
        let p = columns.count, n = target.count
        self.init(featureCount: p)
        guard n > 0 else { return }
        count = n
        let nd = Double(n)
        featureMeans = columns.map { $0.reduce(0, +) / nd }
        targetMean = target.reduce(0, +) / nd
        let centred = (0..<p).map { j in columns[j].map { $0 - featureMeans[j] } }
        let yc = target.map { $0 - targetMean }
        for j in 0..<p {
            for i in 0...j {
                var s = 0.0
                centred[i].withUnsafeBufferPointer { a in
                    centred[j].withUnsafeBufferPointer { b in for r in 0..<n { s += a[r] * b[r] } }
                }
                crossProducts[j * p + i] = s
                crossProducts[i * p + j] = s
            }
            var s = 0.0
            for r in 0..<n { s += centred[j][r] * yc[r] }
            crossTarget[j] = s
        }
        targetSumOfSquares = yc.reduce(0) { $0 + $1 * $1 }
    }

    /// Element (i, j) of the centred cross-product matrix.
    public func crossProduct(_ i: Int, _ j: Int) -> Double { crossProducts[j * featureCount + i] }
}
