import Foundation

extension ReportData {
    /// A sample of labelled rows scored by the production version.
    public struct PredictionSample: Sendable, Codable, Equatable {
        public var version: Int
        /// At most a few thousand points: the loader samples, the renderer draws all it gets.
        public var points: [PredictedPoint]
        /// Labelled rows the sample was drawn from, when known (shown as "n of total").
        public var totalRows: Int?

        public init(version: Int, points: [PredictedPoint], totalRows: Int? = nil) {
            self.version = version
            self.points = points
            self.totalRows = totalRows
        }
    }

    /// A labelled row's true value and the value the model predicted for it.
    public struct PredictedPoint: Sendable, Codable, Equatable {
        public var actual: Double
        public var predicted: Double

        public init(actual: Double, predicted: Double) {
            self.actual = actual
            self.predicted = predicted
        }
    }

    /// The production version's coefficients in original units, with inference where available.
    public struct CoefficientTable: Sendable, Codable, Equatable {
        public var version: Int
        /// The intercept, named "(intercept)" in the table; `nil` when fitted without one.
        public var intercept: Coefficient?
        /// One row per expanded feature, in model order.
        public var coefficients: [Coefficient]
        public var conditionNumber: Double?

        public init(version: Int, intercept: Coefficient? = nil, coefficients: [Coefficient],
                    conditionNumber: Double? = nil) {
            self.version = version
            self.intercept = intercept
            self.coefficients = coefficients
            self.conditionNumber = conditionNumber
        }
    }

    /// One coefficient with its standard error, t statistic and two-sided p-value.
    public struct Coefficient: Sendable, Codable, Equatable {
        public var name: String
        public var estimate: Double
        public var standardError: Double?
        public var tStatistic: Double?
        public var pValue: Double?

        public init(name: String, estimate: Double, standardError: Double? = nil,
                    tStatistic: Double? = nil, pValue: Double? = nil) {
            self.name = name
            self.estimate = estimate
            self.standardError = standardError
            self.tStatistic = tStatistic
            self.pValue = pValue
        }
    }

    /// Global importance of a feature: the mean absolute contribution (|coefficient × (x − mean)|).
    public struct FeatureImportance: Sendable, Codable, Equatable {
        public var feature: String
        public var meanAbsContribution: Double

        public init(feature: String, meanAbsContribution: Double) {
            self.feature = feature
            self.meanAbsContribution = meanAbsContribution
        }
    }

    /// The data validation report of a training run.
    public struct ValidationSummary: Sendable, Codable, Equatable {
        public var at: Date?
        /// The version the validated data trained.
        public var version: Int?
        public var totalRows: Int
        public var usableRows: Int
        public var excludedRows: Int
        public var findings: [Finding]

        public init(at: Date? = nil, version: Int? = nil, totalRows: Int, usableRows: Int,
                    excludedRows: Int, findings: [Finding]) {
            self.at = at
            self.version = version
            self.totalRows = totalRows
            self.usableRows = usableRows
            self.excludedRows = excludedRows
            self.findings = findings
        }
    }

    /// One validation finding: errors refuse to train, warnings do not.
    public struct Finding: Sendable, Codable, Equatable {
        /// How serious a finding is.
        public enum Severity: String, Sendable, Codable, Equatable, CaseIterable {
            case error, warning, info
        }

        public var severity: Severity
        /// Stable machine-readable code (e.g. `missing_values`, `outliers_iqr`).
        public var code: String
        public var column: String?
        public var message: String
        /// Rows concerned, when it applies.
        public var count: Int?

        public init(severity: Severity, code: String, column: String? = nil, message: String, count: Int? = nil) {
            self.severity = severity
            self.code = code
            self.column = column
            self.message = message
            self.count = count
        }
    }
}
