/// Fits OLS and ridge models, choosing between the fast (sufficient statistics) and the
/// accurate (design matrix) solver and reporting which one it used and why.
public enum LinearFitter {
    /// Largest estimated condition number of the standardized design that the fast path accepts
    /// under ``SolverChoice/auto``. Normal equations lose about κ² · 2⁻⁵³ relative accuracy, so
    /// 1e4 keeps a worst case near 1e-8 and typically far better; beyond it the accurate path runs.
    public static let fastPathConditionBound = 1e4

    /// Fast path from sufficient statistics over the EXPANDED features (f, f², …, f^d per
    /// feature in turn, as ``FittedModel/expandedFeatureNames`` orders them).
    ///
    /// With ``SolverChoice/auto`` this throws ``FitError/accuratePathRequired(reason:conditionNumber:)``
    /// when the statistics are of polynomial features or the problem is ill-conditioned, since
    /// without the rows it cannot fall back itself; with ``SolverChoice/fast`` it solves anyway.
    /// ``SolverChoice/accurate`` always throws that error.
    public static func fit(statistics: SufficientStatistics, featureNames: [String],
                           options: FitOptions = FitOptions()) throws -> FittedModel {
        let names = Polynomial.names(featureNames, degree: options.polynomialDegree)
        guard statistics.featureCount == names.count else {
            throw FitError.shapeMismatch("statistics have \(statistics.featureCount) features, expected \(names.count)")
        }
        try checkRowCount(statistics.count, names.count, options)
        switch options.solver {
        case .accurate:
            throw FitError.accuratePathRequired(reason: "the accurate solver was requested", conditionNumber: nil)
        case .auto where options.polynomialDegree > 1 && options.algorithm == .ols:
            throw FitError.accuratePathRequired(reason: "polynomial features", conditionNumber: nil)
        case .auto:
            let s = try StatisticsSolver.solve(statistics, expandedNames: names, options: options,
                                               conditionBound: boundFor(options))
            return ModelAssembly.model(s, featureNames: featureNames, options: options, solver: .fast,
                                       reason: "well-conditioned")
        case .fast:
            let s = try StatisticsSolver.solve(statistics, expandedNames: names, options: options, conditionBound: nil)
            return ModelAssembly.model(s, featureNames: featureNames, options: options, solver: .fast,
                                       reason: "requested")
        }
    }

    /// Fit from the rows: `columns` holds one array per raw feature (column-major), all of
    /// `target.count` finite values. With ``SolverChoice/auto`` OLS uses the accurate path for
    /// polynomial features and when the fast path's condition bound is exceeded. Ridge always
    /// solves from sufficient statistics (the penalty keeps it well-conditioned), accumulated
    /// from powers formed in extended precision.
    public static func fit(columns: [[Double]], target: [Double], featureNames: [String],
                           options: FitOptions = FitOptions()) throws -> FittedModel {
        guard columns.count == featureNames.count else {
            throw FitError.shapeMismatch("\(columns.count) columns for \(featureNames.count) feature names")
        }
        for (j, c) in columns.enumerated() where c.count != target.count {
            throw FitError.shapeMismatch("column \(featureNames[j]) has \(c.count) rows, target has \(target.count)")
        }
        for (j, c) in columns.enumerated() where c.contains(where: { !$0.isFinite }) {
            throw FitError.nonFiniteInput(column: featureNames[j])
        }
        if target.contains(where: { !$0.isFinite }) { throw FitError.nonFiniteInput(column: "target") }
        let names = Polynomial.names(featureNames, degree: options.polynomialDegree)
        try checkRowCount(target.count, names.count, options)

        func accurate(_ reason: String) throws -> FittedModel {
            let s = try AccurateSolver.solve(columns: columns, target: target, featureNames: featureNames, options: options)
            return ModelAssembly.model(s, featureNames: featureNames, options: options, solver: .accurate, reason: reason)
        }
        func statistics() -> SufficientStatistics {
            SufficientStatistics(columns: Polynomial.expandColumns(columns, degree: options.polynomialDegree), target: target)
        }
        // From rows, the residual sum of squares is recomputed directly rather than as yy − βᵀXᵀy,
        // which cancels catastrophically when R² is near 1.
        func fromStatistics(_ bound: Double?) throws -> SolverResult {
            var s = try StatisticsSolver.solve(statistics(), expandedNames: names, options: options, conditionBound: bound)
            s.residualSumOfSquares = residualSumOfSquares(columns: columns, target: target, result: s,
                                                           degree: options.polynomialDegree)
            return s
        }
        if case .ridge = options.algorithm {
            let s = try fromStatistics(nil)
            return ModelAssembly.model(s, featureNames: featureNames, options: options, solver: .fast,
                                       reason: "ridge solves from sufficient statistics")
        }
        switch options.solver {
        case .accurate:
            return try accurate("requested")
        case .fast:
            let s = try fromStatistics(nil)
            return ModelAssembly.model(s, featureNames: featureNames, options: options, solver: .fast, reason: "requested")
        case .auto:
            if options.polynomialDegree > 1 { return try accurate("polynomial features") }
            do {
                let s = try fromStatistics(fastPathConditionBound)
                return ModelAssembly.model(s, featureNames: featureNames, options: options, solver: .fast,
                                           reason: "well-conditioned")
            } catch FitError.accuratePathRequired(_, let kappa) {
                let detail = kappa.map { " (condition number \($0))" } ?? ""
                return try accurate("ill-conditioned\(detail)")
            }
        }
    }

    /// Σ(y − ŷ)² over the rows, accumulated in extended precision.
    private static func residualSumOfSquares(columns: [[Double]], target: [Double], result: SolverResult,
                                             degree: Int) -> Double {
        var rss: Extended = 0
        var raw = [Double](repeating: 0, count: columns.count)
        for i in 0..<target.count {
            for j in 0..<columns.count { raw[j] = columns[j][i] }
            let x = Polynomial.expand(raw, degree: degree)
            var e = Extended(target[i]) - Extended(result.intercept ?? 0)
            for k in 0..<x.count { e -= Extended(result.coefficients[k]) * Extended(x[k]) }
            rss += e * e
        }
        return Double(rss)
    }

    private static func boundFor(_ options: FitOptions) -> Double? {
        if case .ridge = options.algorithm { return nil }
        return fastPathConditionBound
    }

    /// A fit needs at least as many rows as estimated coefficients.
    private static func checkRowCount(_ n: Int, _ expanded: Int, _ options: FitOptions) throws {
        let required = max(1, expanded + (options.fitIntercept ? 1 : 0))
        if n < required { throw FitError.tooFewRows(rows: n, required: required) }
    }
}
