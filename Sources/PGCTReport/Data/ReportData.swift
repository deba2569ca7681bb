import Foundation

/// Everything `pgct report` shows about one model, gathered from the `pgct` tables by a loader
/// and rendered by `ReportRenderer.html(_:)`.
///
/// The type holds plain values only (no database handles), so it can be built in tests, saved as
/// JSON and rendered anywhere. Optional and empty parts render as an explanatory note instead of
/// a chart, so a model that has never been monitored still gets a readable report.
public struct ReportData: Sendable, Codable, Equatable {
    /// When the report was produced (shown in the header).
    public var generatedAt: Date
    /// The model's configuration.
    public var model: ModelCard
    /// Every registered version, any order (the renderer sorts by version).
    public var versions: [Version]
    /// Evaluations of the production version over time, any order (sorted by time when drawn).
    public var monitoring: [MonitoringPoint]
    /// Thresholds drawn on the monitoring and drift charts.
    public var thresholds: Thresholds
    /// History of the production pointer, any order (sorted by time when drawn).
    public var deployments: [Deployment]
    /// Predicted vs actual values of the production version on labelled rows, if any.
    public var predictions: PredictionSample?
    /// The production version's coefficients with their inference statistics, if any.
    public var coefficients: CoefficientTable?
    /// Mean absolute contribution per feature (global explanation), if computed.
    public var importance: [FeatureImportance]
    /// Drift of each feature in the latest monitoring window, if any.
    public var drift: DriftSnapshot?
    /// The data validation report of the latest training, if any.
    public var validation: ValidationSummary?

    public init(generatedAt: Date = Date(), model: ModelCard, versions: [Version] = [],
                monitoring: [MonitoringPoint] = [], thresholds: Thresholds = Thresholds(),
                deployments: [Deployment] = [], predictions: PredictionSample? = nil,
                coefficients: CoefficientTable? = nil, importance: [FeatureImportance] = [],
                drift: DriftSnapshot? = nil, validation: ValidationSummary? = nil) {
        self.generatedAt = generatedAt
        self.model = model
        self.versions = versions
        self.monitoring = monitoring
        self.thresholds = thresholds
        self.deployments = deployments
        self.predictions = predictions
        self.coefficients = coefficients
        self.importance = importance
        self.drift = drift
        self.validation = validation
    }
}

extension ReportData {
    /// The model card: what the model is and how it is trained (from `pgct.models`).
    public struct ModelCard: Sendable, Codable, Equatable {
        public var name: String
        /// Source relation as PostgreSQL prints a `regclass` (e.g. `public.points`).
        public var source: String
        public var idColumn: String?
        public var timeColumn: String?
        public var target: String
        public var features: [String]
        /// `linear` (OLS) or `ridge`.
        public var algorithm: String
        /// Effective options and policy, flattened to text in display order (e.g. `r2_threshold` → `0.2`).
        public var options: [Option]
        public var productionVersion: Int?
        public var createdAt: Date?
        public var createdBy: String?

        public init(name: String, source: String, idColumn: String? = nil, timeColumn: String? = nil,
                    target: String, features: [String], algorithm: String, options: [Option] = [],
                    productionVersion: Int? = nil, createdAt: Date? = nil, createdBy: String? = nil) {
            self.name = name
            self.source = source
            self.idColumn = idColumn
            self.timeColumn = timeColumn
            self.target = target
            self.features = features
            self.algorithm = algorithm
            self.options = options
            self.productionVersion = productionVersion
            self.createdAt = createdAt
            self.createdBy = createdBy
        }
    }

    /// One option or policy setting as a key and its value rendered as text (JSON scalars as written).
    public struct Option: Sendable, Codable, Equatable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Thresholds of the monitoring policy; `nil` means "not set" and draws no line.
    public struct Thresholds: Sendable, Codable, Equatable {
        /// Live R² below this triggers a retrain (the seed's 0.2).
        public var r2: Double?
        /// Live MAE above this triggers a retrain.
        public var mae: Double?
        /// Per-feature drift score (PSI) at or above this counts as drift.
        public var drift: Double?

        public init(r2: Double? = nil, mae: Double? = nil, drift: Double? = nil) {
            self.r2 = r2
            self.mae = mae
            self.drift = drift
        }
    }
}
