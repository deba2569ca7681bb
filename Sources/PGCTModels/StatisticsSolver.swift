import Foundation

/// The fast path: solve from ``SufficientStatistics`` by Cholesky of the standardized
/// cross-product matrix. Cost is O(p³), independent of the number of rows.
enum StatisticsSolver {
    /// A feature is constant when its spread is below this fraction of its magnitude.
    static let constantTolerance = 1e-12
    /// A feature is collinear when 1 − R² of regressing it on the features kept before it
    /// (its Cholesky pivot of the correlation matrix) is below this: a variance inflation of 1e11,
    /// past which double precision normal equations keep no correct digit.
    static let collinearTolerance = 1e-11

    static func solve(_ stats: SufficientStatistics, expandedNames: [String], options: FitOptions,
                      conditionBound: Double?) throws -> SolverResult {
        let p = stats.featureCount, n = stats.count
        let nd = Double(n)
        let intercept = options.fitIntercept
        let m = stats.featureMeans

        // Cross-products about the mean with an intercept, about zero without.
        var g = stats.crossProducts
        var h = stats.crossTarget
        var yy = stats.targetSumOfSquares
        if !intercept {
            for j in 0..<p {
                for i in 0..<p { g[j * p + i] += nd * m[i] * m[j] }
                h[j] += nd * m[j] * stats.targetMean
            }
            yy += nd * stats.targetMean * stats.targetMean
        }

        var deficiencies: [RankDeficiency] = []
        var constant = Set<Int>()
        var kept: [Int] = []
        var scale = [Double](repeating: 1, count: p)
        let alpha: Double? = { if case let .ridge(a) = options.algorithm { return a } else { return nil } }()

        if alpha != nil {
            // scikit-learn's StandardScaler: population standard deviation, 1 for a constant feature.
            for i in 0..<p {
                let sd = (max(0, stats.crossProducts[i * p + i]) / max(nd, 1)).squareRoot()
                scale[i] = sd > 0 ? sd : 1
            }
            kept = Array(0..<p)
        } else {
            for i in 0..<p {
                let gi = max(0, g[i * p + i])
                let magnitude = max(abs(m[i]), Double.leastNormalMagnitude)
                if gi == 0 || gi <= nd * (constantTolerance * magnitude) * (constantTolerance * magnitude) {
                    deficiencies.append(RankDeficiency(feature: expandedNames[i], reason: "constant"))
                    constant.insert(i)
                } else {
                    scale[i] = gi.squareRoot()
                }
            }
            // Incremental Cholesky of the correlation matrix, skipping features whose pivot vanishes:
            // names exactly the features that are (nearly) combinations of earlier ones.
            var l: [[Double]] = []  // rows of L for kept features
            for j in 0..<p where !constant.contains(j) {
                var row: [Double] = []
                for (a, i) in kept.enumerated() {
                    var s = g[j * p + i] / (scale[i] * scale[j])
                    for b in 0..<a { s -= row[b] * l[a][b] }
                    row.append(s / l[a][a])
                }
                let pivot = 1 - row.reduce(0) { $0 + $1 * $1 }
                if pivot < collinearTolerance {
                    deficiencies.append(RankDeficiency(feature: expandedNames[j], reason: "collinear"))
                } else {
                    row.append(pivot.squareRoot())
                    l.append(row)
                    kept.append(j)
                }
            }
        }

        let k = kept.count
        var coefficients = [Double](repeating: 0, count: p)
        var variances: [Double?]? = nil
        var interceptVariance: Double? = nil
        var condition: Double? = k == 0 ? 1 : nil
        if k > 0 {
            var a = [Double](repeating: 0, count: k * k)
            for (c, j) in kept.enumerated() {
                for (r, i) in kept.enumerated() { a[c * k + r] = g[j * p + i] / (scale[i] * scale[j]) }
                if let alpha { a[c * k + c] += alpha }
            }
            guard let factor = Lapack.cholesky(a, n: k) else {
                throw FitError.numericalFailure("Cholesky of the standardized cross-products failed")
            }
            let rcond = Lapack.reciprocalCondition(factor: factor, original: a, n: k)
            // κ(Z) ≈ √κ₁(ZᵀZ): the design's condition, comparable with the accurate path's.
            let kappa = rcond > 0 ? (1 / rcond).squareRoot() : Double.infinity
            condition = kappa
            if let bound = conditionBound, kappa > bound {
                throw FitError.accuratePathRequired(
                    reason: "condition number \(kappa) exceeds the fast path's bound \(bound)", conditionNumber: kappa)
            }
            let rhs = kept.map { h[$0] / scale[$0] }
            let z = Lapack.choleskySolve(factor: factor, n: k, rhs: rhs)
            for (c, j) in kept.enumerated() { coefficients[j] = z[c] / scale[j] }

            if alpha == nil, let inverse = Lapack.choleskyInverse(factor: factor, n: k) {
                var v = [Double?](repeating: nil, count: p)
                for (c, j) in kept.enumerated() { v[j] = inverse[c * k + c] / (scale[j] * scale[j]) }
                variances = v
                if intercept {
                    // Var(b0)/σ² = 1/n + x̄ᵀ (XcᵀXc)⁻¹ x̄ over the kept features.
                    var q = 0.0
                    for (c, j) in kept.enumerated() {
                        for (r, i) in kept.enumerated() {
                            q += m[i] / scale[i] * inverse[c * k + r] * m[j] / scale[j]
                        }
                    }
                    interceptVariance = 1 / nd + q
                }
            }
        } else if alpha == nil {
            variances = [Double?](repeating: nil, count: p)
            if intercept { interceptVariance = 1 / nd }
        }

        // RSS = yy − 2βᵀh + βᵀGβ (for OLS βᵀGβ = βᵀh; the general form also serves ridge).
        var bh = 0.0, bgb = 0.0
        for j in 0..<p where coefficients[j] != 0 {
            bh += coefficients[j] * h[j]
            for i in 0..<p where coefficients[i] != 0 { bgb += coefficients[i] * g[j * p + i] * coefficients[j] }
        }
        let rss = yy - 2 * bh + bgb
        var b0: Double? = nil
        if intercept {
            var s = stats.targetMean
            for j in 0..<p { s -= coefficients[j] * m[j] }
            b0 = s
        }
        return SolverResult(
            intercept: b0, coefficients: coefficients, interceptUnscaledVariance: interceptVariance,
            unscaledVariances: variances, residualSumOfSquares: rss, totalSumOfSquares: yy,
            estimatedCount: k + (intercept ? 1 : 0), conditionNumber: condition,
            rankDeficiencies: deficiencies, expandedMeans: m, targetMean: stats.targetMean, n: n)
    }
}
