import Foundation

/// The accurate path: least squares on the design matrix itself.
///
/// 1. Each raw feature is shifted (by its mean, when there is an intercept) and scaled to
///    [−1, 1] before its powers are formed, in extended precision. This basis is far better
///    conditioned than raw powers (Filip: κ ≈ 2e3 instead of 5e9 after column scaling).
/// 2. LAPACK's pivoted QR (`dgeqp3`) of the column-equilibrated matrix, rounded to double,
///    decides the numerical rank and names the columns it drops.
/// 3. Björck's iterative refinement of the augmented system [I A; Aᵀ 0][r; x] = [b; c]:
///    residuals in extended precision against the extended-precision matrix, corrections from
///    the double QR. It converges to the extended-precision solution, for the coefficients
///    (b = y, c = 0) and for each column of (AᵀA)⁻¹ (b = 0, c = −eᵢ), which the standard errors need.
/// 4. The shifted/scaled basis is mapped back to plain powers of the original features exactly
///    (binomial expansion) in extended precision, as are the variances (M V Mᵀ).
enum AccurateSolver {
    /// Columns whose pivoted-QR diagonal falls below this fraction of the first are rank deficient.
    static let rankTolerance = 1e-11
    static let maxRefinementSteps = 30

    static func solve(columns: [[Double]], target: [Double], featureNames: [String],
                      options: FitOptions) throws -> SolverResult {
        let n = target.count
        let degree = options.polynomialDegree
        let intercept = options.fitIntercept
        let rawCount = columns.count
        let expandedNames = Polynomial.names(featureNames, degree: degree)
        let q = (intercept ? 1 : 0) + rawCount * degree
        let offset = intercept ? 1 : 0  // column index of the first feature power

        // Shift and scale per raw feature, in extended precision.
        var shift = [Extended](repeating: 0, count: rawCount)
        var spread = [Extended](repeating: 1, count: rawCount)
        var expandedMeans = [Double](repeating: 0, count: rawCount * degree)
        for j in 0..<rawCount {
            let x = columns[j].map { Extended($0) }
            let mean = x.reduce(0, +) / Extended(max(n, 1))
            if intercept { shift[j] = mean }
            let s = x.reduce(Extended(0)) { max($0, abs($1 - shift[j])) }
            spread[j] = s > 0 ? s : 1
            for k in 1...degree {
                var sum: Extended = 0
                for v in x { sum += pow(v, k) }
                expandedMeans[j * degree + k - 1] = Double(sum / Extended(max(n, 1)))
            }
        }

        // The design in the shifted basis: z = ((x − c)/s)^k; the intercept column is ones.
        var z = [Extended](repeating: 0, count: n * q)
        if intercept { for i in 0..<n { z[i] = 1 } }
        for j in 0..<rawCount {
            for i in 0..<n {
                let t = (Extended(columns[j][i]) - shift[j]) / spread[j]
                var power: Extended = 1
                for k in 1...degree {
                    power *= t
                    z[(offset + j * degree + k - 1) * n + i] = power
                }
            }
        }
        // Column equilibration; a column that is all zeros cannot be estimated at all.
        var norms = [Extended](repeating: 1, count: q)
        var active: [Int] = []
        var deficiencies: [RankDeficiency] = []
        for c in 0..<q {
            var s: Extended = 0
            for i in 0..<n { s += z[c * n + i] * z[c * n + i] }
            if s == 0 {
                deficiencies.append(RankDeficiency(feature: expandedNames[c - offset], reason: "constant"))
                continue
            }
            norms[c] = s.squareRoot()
            for i in 0..<n { z[c * n + i] /= norms[c] }
            active.append(c)
        }
        guard !active.isEmpty, n > 0 else {
            throw FitError.tooFewRows(rows: n, required: 1)
        }
        let qa = active.count
        var ad = [Double](repeating: 0, count: n * qa)
        for (a, c) in active.enumerated() { for i in 0..<n { ad[a * n + i] = Double(z[c * n + i]) } }
        guard let qr = Lapack.pivotedQR(ad, rows: n, columns: qa) else {
            throw FitError.numericalFailure("pivoted QR failed")
        }
        let diagonal = qr.diagonal
        var rank = 0
        while rank < diagonal.count && diagonal[rank] > rankTolerance * diagonal[0] { rank += 1 }
        let keptColumns = (0..<rank).map { active[qr.pivot[$0]] }
        for a in rank..<qa {
            let c = active[qr.pivot[a]]
            // The intercept column sorts before powers here (ones have the largest norm after
            // equilibration ties); should it be dropped, it is named as such.
            let name = c < offset ? "(intercept)" : expandedNames[c - offset]
            deficiencies.append(RankDeficiency(feature: name, reason: "collinear"))
        }
        guard rank > 0, let q1 = Lapack.thinQ(qr, k: rank) else {
            throw FitError.numericalFailure("no estimable column")
        }
        var r11 = [Double](repeating: 0, count: rank * rank)
        for c in 0..<rank { for r in 0...c { r11[c * rank + r] = qr.factors[c * n + r] } }

        let system = AugmentedSystem(a: z, rows: n, columns: keptColumns, q: q1, r: r11)
        let y = target.map { Extended($0) }
        let (w, residual) = system.refinedSolve(b: y, c: [Extended](repeating: 0, count: rank))

        // (AᵀA)⁻¹ of the kept, equilibrated columns, one refined column at a time (OLS inference only).
        var inverse: [[Extended]]? = nil
        if options.algorithm == .ols && n > rank {
            inverse = (0..<rank).map { i in
                var c = [Extended](repeating: 0, count: rank)
                c[i] = -1
                return system.refinedSolve(b: [Extended](repeating: 0, count: n), c: c).x
            }
        }

        // Back to the shifted-basis coefficients (undo equilibration), then to plain powers.
        var basisCoefficients = [Extended](repeating: 0, count: q)
        for (a, c) in keptColumns.enumerated() { basisCoefficients[c] = w[a] / norms[c] }
        let map = basisChange(shift: shift, spread: spread, degree: degree, intercept: intercept)
        var original = [Extended](repeating: 0, count: q)
        for r in 0..<q { for c in 0..<q where map[r][c] != 0 { original[r] += map[r][c] * basisCoefficients[c] } }

        var unscaled: [Double?]? = nil
        var interceptVariance: Double? = nil
        if let inverse {
            // V_basis = D⁻¹ (AᵀA)⁻¹ D⁻¹ on kept columns, then diag(M V Mᵀ).
            var mv = [[Extended]](repeating: [Extended](repeating: 0, count: rank), count: q)
            for r in 0..<q {
                for b in 0..<rank {
                    var s: Extended = 0
                    for (a, c) in keptColumns.enumerated() where map[r][c] != 0 {
                        s += map[r][c] * inverse[b][a] / (norms[c] * norms[keptColumns[b]])
                    }
                    mv[r][b] = s
                }
            }
            var diag = [Double](repeating: 0, count: q)
            for r in 0..<q {
                var s: Extended = 0
                for (b, c) in keptColumns.enumerated() { s += mv[r][b] * map[r][c] }
                diag[r] = Double(s)
            }
            let dropped = Set(deficiencies.map(\.feature))
            unscaled = (0..<(q - offset)).map { dropped.contains(expandedNames[$0]) ? nil : diag[$0 + offset] }
            if intercept { interceptVariance = diag[0] }
        }

        var rss: Extended = 0
        for v in residual { rss += v * v }
        let yMean = y.reduce(0, +) / Extended(n)
        var total: Extended = 0
        for v in y { total += intercept ? (v - yMean) * (v - yMean) : v * v }

        var condition: Double? = nil
        if let sv = Lapack.singularValues(r11, rows: rank, columns: rank), let last = sv.last, last > 0 {
            condition = sv[0] / last
        }
        return SolverResult(
            intercept: intercept ? Double(original[0]) : nil,
            coefficients: (offset..<q).map { Double(original[$0]) },
            interceptUnscaledVariance: interceptVariance, unscaledVariances: unscaled,
            residualSumOfSquares: Double(rss), totalSumOfSquares: Double(total),
            estimatedCount: rank, conditionNumber: condition, rankDeficiencies: deficiencies,
            expandedMeans: expandedMeans, targetMean: Double(yMean), n: n)
    }

    /// M with β_original = M β_shifted: ((x − c)/s)^k = s⁻ᵏ Σₘ C(k, m) xᵐ (−c)^(k−m),
    /// the m = 0 terms going to the intercept.
    static func basisChange(shift: [Extended], spread: [Extended], degree: Int, intercept: Bool) -> [[Extended]] {
        let offset = intercept ? 1 : 0
        let q = offset + shift.count * degree
        var map = [[Extended]](repeating: [Extended](repeating: 0, count: q), count: q)
        if intercept { map[0][0] = 1 }
        for j in 0..<shift.count {
            for k in 1...degree {
                let column = offset + j * degree + k - 1
                let factor = 1 / pow(spread[j], k)
                var binomial: Extended = 1  // C(k, m), built up as m grows
                for m in 0...k {
                    if m > 0 { binomial = binomial * Extended(k - m + 1) / Extended(m) }
                    let term = factor * binomial * pow(-shift[j], k - m)
                    if m == 0 {
                        if intercept { map[0][column] += term }
                    } else {
                        map[offset + j * degree + m - 1][column] += term
                    }
                }
            }
        }
        return map
    }
}

/// Integer power in extended precision (exact for the small exponents of polynomial features).
@inline(__always) func pow(_ x: Extended, _ k: Int) -> Extended {
    var r: Extended = 1
    for _ in 0..<k { r *= x }
    return r
}
