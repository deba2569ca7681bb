/// K-fold cross-validation from per-fold sufficient statistics: fold k is scored by a model fitted
/// on the merge of the other folds' statistics, and its squared error is computed from fold k's
/// own statistics — so choosing ridge's alpha never rescans the rows.
public enum CrossValidation {
    /// Default ridge grid: log-spaced over six decades around alpha = 1 on standardized features.
    public static let defaultAlphas: [Double] = [0.001, 0.01, 0.1, 1, 10, 100, 1000]

    /// Cross-validated score of one alpha (0 means OLS).
    public struct AlphaScore: Sendable, Codable, Equatable {
        public var alpha: Double
        /// Pooled held-out mean squared error (Σ SSE / Σ n over folds).
        public var meanSquaredError: Double
        /// 1 − Σ SSE / Σ (y − ȳ)² over all held-out rows.
        public var r2: Double?
    }

    /// The grid's scores and the winner (lowest mean squared error; ties to the larger alpha).
    public struct Result: Sendable, Codable, Equatable {
        public var bestAlpha: Double
        public var scores: [AlphaScore]
        public var folds: Int
    }

    /// Per-fold statistics of the TRAINING rows (test rows excluded) from raw rows and ids,
    /// folds assigned by ``HashSplit/fold(id:folds:)``. Features are expanded to `degree`.
    public static func foldStatistics(columns: [[Double]], target: [Double], ids: [String], split: HashSplit,
                                      folds k: Int, degree: Int = 1) -> [SufficientStatistics] {
        var stats = [SufficientStatistics](repeating: SufficientStatistics(featureCount: columns.count * degree), count: k)
        var raw = [Double](repeating: 0, count: columns.count)
        for i in 0..<target.count where !split.isTest(id: ids[i]) {
            for j in 0..<columns.count { raw[j] = columns[j][i] }
            stats[split.fold(id: ids[i], folds: k)].accumulate(row: Polynomial.expand(raw, degree: degree), target: target[i])
        }
        return stats
    }

    /// Σ (y − ŷ)² over the rows summarized by `stats`, for an intercept and expanded coefficients:
    /// with e = (y − ȳ) − βᵀ(x − x̄) + (ȳ − b₀ − βᵀx̄), SSE = Syy − 2βᵀSxy + βᵀSxxβ + n(ȳ − b₀ − βᵀx̄)².
    public static func sumOfSquaredErrors(statistics s: SufficientStatistics, intercept: Double?,
                                          coefficients b: [Double]) -> Double {
        let p = s.featureCount
        var bh = 0.0, bgb = 0.0, offset = s.targetMean - (intercept ?? 0)
        for j in 0..<p {
            bh += b[j] * s.crossTarget[j]
            offset -= b[j] * s.featureMeans[j]
            for i in 0..<p { bgb += b[i] * s.crossProducts[j * p + i] * b[j] }
        }
        return max(0, s.targetSumOfSquares - 2 * bh + bgb + Double(s.count) * offset * offset)
    }

    /// Scores every alpha of `alphas` by K-fold CV over `foldStatistics` (statistics of the
    /// expanded features, one per fold) and returns the best. Alpha 0 is scored as OLS.
    public static func selectRidgeAlpha(foldStatistics folds: [SufficientStatistics], featureNames: [String],
                                        options: FitOptions = FitOptions(),
                                        alphas: [Double] = defaultAlphas) throws -> Result {
        precondition(folds.count >= 2, "cross-validation needs at least 2 folds")
        let all = folds.dropFirst().reduce(folds[0]) { $0.merged(with: $1) }
        var totalAboutMean = 0.0  // Σ (y − ȳ)² over every held-out row, ȳ of all of them
        for f in folds where f.count > 0 {
            let d = f.targetMean - all.targetMean
            totalAboutMean += f.targetSumOfSquares + Double(f.count) * d * d
        }
        var scores: [AlphaScore] = []
        for alpha in alphas {
            var opts = options
            opts.algorithm = alpha > 0 ? .ridge(alpha: alpha) : .ols
            opts.solver = .fast
            var sse = 0.0
            for (k, held) in folds.enumerated() where held.count > 0 {
                let training = folds.enumerated().filter { $0.offset != k }.map(\.element)
                let merged = training.dropFirst().reduce(training[0]) { $0.merged(with: $1) }
                let model = try LinearFitter.fit(statistics: merged, featureNames: featureNames, options: opts)
                sse += sumOfSquaredErrors(statistics: held, intercept: model.intercept, coefficients: model.coefficients)
            }
            scores.append(AlphaScore(alpha: alpha, meanSquaredError: sse / Double(max(all.count, 1)),
                                     r2: totalAboutMean > 0 ? 1 - sse / totalAboutMean : nil))
        }
        var best = scores[0]
        for s in scores.dropFirst() where s.meanSquaredError <= best.meanSquaredError { best = s }
        return Result(bestAlpha: best.alpha, scores: scores, folds: folds.count)
    }
}
