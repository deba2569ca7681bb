/// How bad a finding is: warnings are reported and training goes on; errors refuse training.
public enum Severity: String, Sendable, Codable, Equatable, Comparable {
    case warning
    case error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// One validation finding.
public struct ValidationFinding: Sendable, Codable, Equatable {
    public var severity: Severity
    /// Stable machine-readable code, e.g. `too_few_rows`, `constant_feature`.
    public var code: String
    /// The column concerned, when there is one.
    public var column: String?
    public var message: String
    /// How many rows or values the finding is about, when countable.
    public var count: Int?
}

/// The validator's verdict on a training window.
public struct ValidationReport: Sendable, Codable, Equatable {
    public var findings: [ValidationFinding]
    /// Rows in the window.
    public var totalRows: Int
    /// Rows with a NULL, NaN or ±Infinity in any feature or the target: excluded, never used.
    public var excludedRows: Int
    /// Rows the fit will use.
    public var usableRows: Int
    /// No finding is an error.
    public var canTrain: Bool { !findings.contains { $0.severity == .error } }
    /// The errors only.
    public var errors: [ValidationFinding] { findings.filter { $0.severity == .error } }
}

/// Rules a training window must pass. Defaults are deliberately lenient on data quality
/// (warnings) and strict on what makes a fit meaningless (errors).
public struct ValidationRules: Sendable, Codable, Equatable {
    /// Fewest usable rows to train on, whatever the number of coefficients.
    public var minRows: Int
    /// Refuse when more than this fraction of rows must be excluded: the window is likely broken.
    public var maxExcludedFraction: Double

    public init(minRows: Int = 10, maxExcludedFraction: Double = 0.5) {
        self.minRows = minRows
        self.maxExcludedFraction = maxExcludedFraction
    }
}

/// Data validation before a fit, as the seed's DataValidation but with consequences.
///
/// Rules (severity):
/// - a configured column missing from the source (error);
/// - NULL, NaN, ±Infinity per column (warning: those rows are excluded and counted);
/// - excluded fraction above ``ValidationRules/maxExcludedFraction`` (error);
/// - usable rows n < p + 2 (p = coefficients incl. intercept: leaves fewer than 2 residual
///   degrees of freedom) or n < ``ValidationRules/minRows`` (error);
/// - constant target (error: there is nothing to learn and R² is undefined);
/// - constant feature (warning: the fitter cannot estimate its coefficient, sets it to 0 and
///   names it as rank deficient; refusing would stop every retrain of a model whose feature is
///   momentarily constant, while the warning and the model's diagnostics keep it visible);
/// - IQR outliers (warning with the count; outliers are legitimate data until proven otherwise).
public struct DataValidator: Sendable {
    public var rules: ValidationRules

    public init(rules: ValidationRules = ValidationRules()) { self.rules = rules }

    /// Validates profiles (from SQL or Swift). `excludedRows` is the number of rows with an
    /// unusable value in ANY column (a union, not a sum); `coefficientCount` includes the intercept.
    public func validate(features: [ColumnProfile], target: ColumnProfile, excludedRows: Int,
                         coefficientCount: Int, missingColumns: [String] = []) -> ValidationReport {
        var findings: [ValidationFinding] = []
        for c in missingColumns {
            findings.append(.init(severity: .error, code: "missing_column", column: c,
                                  message: "column \(c) is not in the source", count: nil))
        }
        let total = target.rows
        for p in features + [target] {
            if p.nulls > 0 {
                findings.append(.init(severity: .warning, code: "null_values", column: p.name,
                                      message: "\(p.nulls) NULL values in \(p.name); their rows are excluded", count: p.nulls))
            }
            if p.nans > 0 {
                findings.append(.init(severity: .warning, code: "nan_values", column: p.name,
                                      message: "\(p.nans) NaN values in \(p.name); their rows are excluded", count: p.nans))
            }
            let inf = p.positiveInfinities + p.negativeInfinities
            if inf > 0 {
                findings.append(.init(severity: .warning, code: "infinite_values", column: p.name,
                                      message: "\(inf) infinite values in \(p.name); their rows are excluded", count: inf))
            }
            if p.outliers > 0 {
                findings.append(.init(severity: .warning, code: "outliers", column: p.name,
                                      message: "\(p.outliers) values of \(p.name) outside the 1.5×IQR fences", count: p.outliers))
            }
        }
        let usable = max(0, total - excludedRows)
        if total > 0 && Double(excludedRows) > rules.maxExcludedFraction * Double(total) {
            findings.append(.init(severity: .error, code: "too_many_excluded", column: nil,
                                  message: "\(excludedRows) of \(total) rows have unusable values", count: excludedRows))
        }
        let needed = max(coefficientCount + 2, rules.minRows)
        if usable < needed {
            findings.append(.init(severity: .error, code: "too_few_rows", column: nil,
                                  message: "\(usable) usable rows; at least \(needed) are needed for \(coefficientCount) coefficients",
                                  count: usable))
        }
        if target.isConstant {
            findings.append(.init(severity: .error, code: "constant_target", column: target.name,
                                  message: "target \(target.name) is constant: nothing to learn", count: nil))
        }
        for p in features where p.isConstant {
            findings.append(.init(severity: .warning, code: "constant_feature", column: p.name,
                                  message: "feature \(p.name) is constant: its coefficient cannot be estimated and is set to 0",
                                  count: nil))
        }
        return ValidationReport(findings: findings, totalRows: total, excludedRows: excludedRows, usableRows: usable)
    }

    /// Validates raw columns (nil = NULL) and returns the report and the indices of usable rows.
    public func validate(features: [(name: String, values: [Double?])], target: (name: String, values: [Double?]),
                         coefficientCount: Int) -> (report: ValidationReport, usableRows: [Int]) {
        let usable = (0..<target.values.count).filter { i in
            (target.values[i]?.isFinite ?? false) && features.allSatisfy { $0.values[i]?.isFinite ?? false }
        }
        let report = validate(features: features.map { ColumnProfile(name: $0.name, values: $0.values) },
                              target: ColumnProfile(name: target.name, values: target.values),
                              excludedRows: target.values.count - usable.count, coefficientCount: coefficientCount)
        return (report, usable)
    }
}
