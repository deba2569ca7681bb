import Foundation
import PostgresClient

/// A model's configuration as the agent reads it from `pgct.models`, with its effective options
/// (defaults merged with the model's own) decoded into typed fields.
public struct ModelRecord: Sendable {
    public var id: Int64
    public var name: String
    public var source: String
    public var target: String
    public var features: [String]
    public var algorithm: String
    public var productionVersion: Int?
    public var options: ModelOptions
    /// The effective options as stored, for merging with a run's overrides.
    public var optionsJSON: String

    /// The columns the agent reads; durations are converted to seconds by the server.
    static let selectSQL = """
        SELECT m.id, m.name, m.source::text AS source, m.target, m.features, m.algorithm, m.production_version,
               m.options::text AS options,
               EXTRACT(EPOCH FROM (m.options ->> 'cooldown')::interval)::float8 AS cooldown_seconds,
               EXTRACT(EPOCH FROM (m.options ->> 'retrain_every')::interval)::float8 AS retrain_every_seconds
        FROM pgct.models m
        """

    /// Loads one live model by id; nil when it does not exist or was dropped.
    public static func load(id: Int64, on connection: PostgresConnection) throws -> ModelRecord? {
        try connection.query(selectSQL + " WHERE m.id = $1 AND m.dropped_at IS NULL", [.int(id)])
            .rows.first.map(ModelRecord.init(row:))
    }

    /// Loads one live model by name; nil when there is none.
    public static func load(name: String, on connection: PostgresConnection) throws -> ModelRecord? {
        try connection.query(selectSQL + " WHERE m.name = $1 AND m.dropped_at IS NULL", [.text(name)])
            .rows.first.map(ModelRecord.init(row:))
    }

    init(row: Row) throws {
        id = try row.int("id") ?? 0
        name = try row.string("name") ?? ""
        source = try row.string("source") ?? ""
        target = try row.string("target") ?? ""
        features = (try row.textArray("features") ?? []).compactMap { $0 }
        algorithm = try row.string("algorithm") ?? "linear"
        productionVersion = try row.int("production_version").map(Int.init)
        optionsJSON = try row.string("options") ?? "{}"
        options = try ModelOptions(json: optionsJSON,
                                   cooldownSeconds: try row.double("cooldown_seconds"),
                                   retrainEverySeconds: try row.double("retrain_every_seconds"))
    }
}

/// The options that steer training and monitoring (see `pgct.default_options()` for defaults).
public struct ModelOptions: Sendable, Equatable {
    public var fitIntercept = true
    public var polynomialDegree = 1
    public var alpha = 1.0
    public var testFraction = 0.2
    public var seed: Int64 = 42
    public var minRows = 10
    public var folds = 0
    public var promotionMetric = "r2"
    public var minImprovement = 0.0
    public var requireApproval = false
    public var monitorWindow = 1000
    public var r2Threshold: Double? = 0.2
    public var maeThreshold: Double?
    public var driftThreshold: Double? = 0.25
    public var retrainAfterRows: Int?
    public var retrainEverySeconds: Double?
    public var cooldownSeconds: Double = 300
    /// False for experiment runs (`"promote": false` in a run's overrides).
    public var promote = true

    public init() {}

    /// Decodes effective options; unknown keys are ignored here (the database validates them).
    public init(json: String, cooldownSeconds: Double? = nil, retrainEverySeconds: Double? = nil) throws {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        self.init(object: object, cooldownSeconds: cooldownSeconds, retrainEverySeconds: retrainEverySeconds)
    }

    /// The same from an already parsed JSON object (a model's options merged with a run's overrides).
    public init(object: [String: Any], cooldownSeconds: Double? = nil, retrainEverySeconds: Double? = nil) {
        func double(_ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
        func int(_ key: String) -> Int? { (object[key] as? NSNumber)?.intValue }
        func bool(_ key: String) -> Bool? { (object[key] as? NSNumber)?.boolValue }
        fitIntercept = bool("fit_intercept") ?? fitIntercept
        polynomialDegree = int("polynomial_degree") ?? polynomialDegree
        alpha = double("alpha") ?? alpha
        testFraction = double("test_fraction") ?? testFraction
        seed = (object["seed"] as? NSNumber)?.int64Value ?? seed
        minRows = int("min_rows") ?? minRows
        folds = int("folds") ?? folds
        promotionMetric = object["promotion_metric"] as? String ?? promotionMetric
        minImprovement = double("min_improvement") ?? minImprovement
        requireApproval = bool("require_approval") ?? requireApproval
        monitorWindow = int("monitor_window") ?? monitorWindow
        r2Threshold = object.keys.contains("r2_threshold") ? double("r2_threshold") : r2Threshold
        maeThreshold = double("mae_threshold")
        driftThreshold = object.keys.contains("drift_threshold") ? double("drift_threshold") : driftThreshold
        retrainAfterRows = int("retrain_after_rows")
        promote = bool("promote") ?? true
        if let cooldownSeconds { self.cooldownSeconds = cooldownSeconds }
        self.retrainEverySeconds = retrainEverySeconds
    }
}
