/// The estimator: ordinary least squares, or ridge with an L2 penalty on standardized features.
public enum FitAlgorithm: Sendable, Codable, Equatable {
    /// Ordinary least squares; the only algorithm with inference statistics.
    case ols
    /// Ridge: minimises ‖y − ȳ − Zw‖² + α‖w‖² where Z are the features standardized with their
    /// population standard deviation (scikit-learn's `StandardScaler` then `Ridge(alpha)`);
    /// the coefficients are folded back to original units (βᵢ = wᵢ / stdᵢ).
    case ridge(alpha: Double)
}

/// Which solver the fitter may use.
public enum SolverChoice: String, Sendable, Codable, Equatable {
    /// Fast unless the problem needs the accurate path (polynomial features, or the
    /// condition number above ``LinearFitter/fastPathConditionBound``).
    case auto
    /// Always the sufficient-statistics path (Cholesky of the standardized cross-products).
    case fast
    /// Always the design-matrix path (pivoted QR with extended-precision refinement).
    case accurate
}

/// Which solver produced a model.
public enum SolverKind: String, Sendable, Codable, Equatable {
    /// Cholesky (LAPACK `dpotrf`) of the standardized cross-product matrix from sufficient statistics.
    case fast
    /// Pivoted QR (LAPACK `dgeqp3`) of the design matrix, refined with Float80 residuals.
    case accurate
}

/// How to fit: intercept, polynomial degree, estimator, solver.
public struct FitOptions: Sendable, Codable, Equatable {
    /// Fit an intercept (otherwise the model passes through the origin, R² is uncentred).
    public var fitIntercept: Bool
    /// Each feature f enters as f, f², …, f^d.
    public var polynomialDegree: Int
    /// OLS or ridge.
    public var algorithm: FitAlgorithm
    /// Which solver path is allowed.
    public var solver: SolverChoice

    /// Options; the defaults are OLS with an intercept, degree 1, automatic solver.
    public init(fitIntercept: Bool = true, polynomialDegree: Int = 1, algorithm: FitAlgorithm = .ols,
                solver: SolverChoice = .auto) {
        precondition(polynomialDegree >= 1, "polynomial degree must be at least 1")
        self.fitIntercept = fitIntercept
        self.polynomialDegree = polynomialDegree
        self.algorithm = algorithm
        self.solver = solver
    }
}

/// Why a fit could not be made. Carries names and numbers, never data values.
public enum FitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer usable rows than the model needs (n ≥ number of coefficients + 1 for a residual).
    case tooFewRows(rows: Int, required: Int)
    /// Inputs of inconsistent sizes.
    case shapeMismatch(String)
    /// The fast path was asked for but the standardized problem's condition number exceeds the bound;
    /// the caller should fetch the rows and use ``LinearFitter/fit(columns:target:featureNames:options:)``.
    case accuratePathRequired(reason: String, conditionNumber: Double?)
    /// A non-finite value (NaN or ±Infinity) reached the fitter; the validator should have excluded it.
    case nonFiniteInput(column: String)
    /// LAPACK failed in a way the diagnosis did not explain.
    case numericalFailure(String)

    public var description: String {
        switch self {
        case let .tooFewRows(rows, required): "too few rows to fit: \(rows), need at least \(required)"
        case let .shapeMismatch(what): "inputs do not match: \(what)"
        case let .accuratePathRequired(reason, _): "the accurate solver is required: \(reason)"
        case let .nonFiniteInput(column): "non-finite value in column \(column)"
        case let .numericalFailure(what): "numerical failure: \(what)"
        }
    }
}
