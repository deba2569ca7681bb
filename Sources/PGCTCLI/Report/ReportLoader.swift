import Foundation
import PGCTReport
import PostgresClient

/// A model named on the command line that the database does not know (exit status 1).
public struct UnknownModelError: Error, CustomStringConvertible {
    public let model: String
    public var description: String {
        "no model named '\(model)' in this database (SELECT name FROM pgct.models lists them)"
    }
}

/// Reads one model's history from the `pgct` tables into a `ReportData` for `ReportRenderer`.
///
/// Every statement is fixed text with bound parameters; the only query that touches the user's
/// source table goes through `pgct.prediction_sample`, which quotes its identifiers in SQL.
public enum ReportLoader {
    /// Most monitoring evaluations drawn (the newest); a long-lived model has many.
    public static let maxMonitoringPoints = 2000

    /// Loads everything the report shows about `model`.
    /// - Throws: `UnknownModelError` when no live model has that name; `PostgresError` otherwise.
    public static func load(model name: String, on connection: PostgresConnection,
                            sampleSize: Int = 2000, now: Date = Date()) throws -> ReportData {
        guard let modelRow = try connection.query(
            """
            SELECT id, name, source::text AS source, id_column, time_column, target, features, algorithm,
                   production_version, created_at, created_by,
                   options ->> 'r2_threshold' AS r2_threshold, options ->> 'mae_threshold' AS mae_threshold,
                   options ->> 'drift_threshold' AS drift_threshold
            FROM pgct.models WHERE name = $1 AND dropped_at IS NULL
            """, [.text(name)]).rows.first,
            let modelId = try modelRow.int("id")
        else { throw UnknownModelError(model: name) }

        let options = try connection.query(
            "SELECT key, coalesce(value, 'null') AS value FROM pgct.models, jsonb_each_text(options)"
            + " WHERE id = $1 ORDER BY key", [.int(modelId)]).rows.map {
                ReportData.Option(key: try $0.string("key") ?? "", value: try $0.string("value") ?? "")
            }
        let productionVersion = try modelRow.int("production_version").map(Int.init)
        let card = ReportData.ModelCard(
            name: try modelRow.string("name") ?? name, source: try modelRow.string("source") ?? "",
            idColumn: try modelRow.string("id_column"), timeColumn: try modelRow.string("time_column"),
            target: try modelRow.string("target") ?? "",
            features: (try modelRow.textArray("features") ?? []).compactMap { $0 },
            algorithm: try modelRow.string("algorithm") ?? "", options: options,
            productionVersion: productionVersion, createdAt: try modelRow.date("created_at"),
            createdBy: try modelRow.string("created_by"))

        let monitoring = try loadMonitoring(modelId: modelId, on: connection)
        var data = ReportData(generatedAt: now, model: card,
                              versions: try loadVersions(modelId: modelId, on: connection),
                              monitoring: monitoring.points,
                              deployments: try loadDeployments(modelId: modelId, on: connection))
        data.drift = monitoring.latestDrift
        data.thresholds = ReportData.Thresholds(
            r2: try modelRow.double("r2_threshold"), mae: try modelRow.double("mae_threshold"),
            // With no drift threshold in the policy, drift does not trigger retraining, but the
            // agent still judges it (red bars): draw the level it judged against.
            drift: try modelRow.double("drift_threshold") ?? monitoring.latestDriftThreshold)

        if let productionVersion {
            let points = try connection.query(
                "SELECT actual, predicted FROM pgct.prediction_sample($1, $2::int)",
                [.text(card.name), .int(Int64(sampleSize))]).rows.map {
                    ReportData.PredictedPoint(actual: try $0.double("actual") ?? .nan,
                                              predicted: try $0.double("predicted") ?? .nan)
                }
            data.predictions = ReportData.PredictionSample(version: productionVersion, points: points.reversed())
            try loadProductionFit(modelId: modelId, version: productionVersion, into: &data, on: connection)
        }
        return data
    }

    // MARK: versions and deployments

    static func loadVersions(modelId: Int64, on connection: PostgresConnection) throws -> [ReportData.Version] {
        try connection.query(
            """
            SELECT version, status, created_at, train_rows, test_rows, solver, error,
                   metrics #>> '{train,r2}' AS train_r2, metrics #>> '{test,r2}' AS test_r2,
                   metrics #>> '{train,mae}' AS train_mae, metrics #>> '{test,mae}' AS test_mae,
                   metrics #>> '{test,rmse}' AS test_rmse,
                   fit #>> '{comparison,decision}' AS decision, fit #>> '{comparison,reason}' AS reason
            FROM pgct.model_versions WHERE model_id = $1 ORDER BY version
            """, [.int(modelId)]).rows.map { row in
                ReportData.Version(
                    version: Int(try row.int("version") ?? 0), status: try row.string("status") ?? "",
                    createdAt: try row.date("created_at"), trainR2: try row.double("train_r2"),
                    testR2: try row.double("test_r2"), trainMAE: try row.double("train_mae"),
                    testMAE: try row.double("test_mae"), testRMSE: try row.double("test_rmse"),
                    trainRows: try row.int("train_rows").map(Int.init), testRows: try row.int("test_rows").map(Int.init),
                    solver: try row.string("solver"),
                    decision: try row.string("decision"),
                    // A failed version has no comparison; its error says why.
                    reason: try row.string("reason") ?? row.string("error"))
            }
    }

    static func loadDeployments(modelId: Int64, on connection: PostgresConnection) throws -> [ReportData.Deployment] {
        try connection.query(
            "SELECT at, version, previous_version, action, reason, actor FROM pgct.deployments"
            + " WHERE model_id = $1 ORDER BY id", [.int(modelId)]).rows.compactMap { row in
                guard let at = try row.date("at"), let version = try row.int("version"),
                      let action = ReportData.Deployment.Action(rawValue: try row.string("action") ?? "")
                else { return nil }
                return ReportData.Deployment(at: at, version: Int(version),
                                             previousVersion: try row.int("previous_version").map(Int.init),
                                             action: action, reason: try row.string("reason"),
                                             actor: try row.string("actor") ?? "")
            }
    }

    // MARK: monitoring and drift

    struct MonitoringHistory {
        var points: [ReportData.MonitoringPoint] = []
        var latestDrift: ReportData.DriftSnapshot?
        var latestDriftThreshold: Double?
    }

    static func loadMonitoring(modelId: Int64, on connection: PostgresConnection) throws -> MonitoringHistory {
        let rows = try connection.query(
            """
            SELECT at, version, labelled_n, r2, mae, rmse, decision, drift::text AS drift
            FROM (SELECT * FROM pgct.monitoring WHERE model_id = $1 ORDER BY id DESC LIMIT $2) m ORDER BY at
            """, [.int(modelId), .int(Int64(maxMonitoringPoints))]).rows
        var history = MonitoringHistory()
        for (index, row) in rows.enumerated() {
            guard let at = try row.date("at"),
                  let decision = ReportData.MonitoringPoint.Decision(rawValue: try row.string("decision") ?? "")
            else { continue }
            let version = try row.int("version").map(Int.init)
            let drift = try row.string("drift").flatMap(DriftJSON.init(text:))
            history.points.append(ReportData.MonitoringPoint(
                at: at, version: version, n: Int(try row.int("labelled_n") ?? 0), r2: try row.double("r2"),
                mae: try row.double("mae"), rmse: try row.double("rmse"), decision: decision,
                drift: drift?.features.map { ReportData.FeatureScore(feature: $0.feature, score: $0.psi) } ?? []))
            // The drift section shows the newest window (rows are in time order).
            if index == rows.count - 1, let drift {
                history.latestDrift = ReportData.DriftSnapshot(at: at, version: version, features: drift.features)
                history.latestDriftThreshold = drift.psiThreshold
            }
        }
        return history
    }

    // MARK: the production version's fit

    static func loadProductionFit(modelId: Int64, version: Int, into data: inout ReportData,
                                  on connection: PostgresConnection) throws {
        guard let row = try connection.query(
            """
            SELECT intercept, coefficients, feature_names, feature_means, feature_stats::text AS feature_stats,
                   condition_number, finished_at, (options ->> 'polynomial_degree')::int AS degree,
                   (fit - 'feature_stats' - 'feature_means')::text AS fit
            FROM pgct.model_versions WHERE model_id = $1 AND version = $2
            """, [.int(modelId), .int(Int64(version))]).rows.first else { return }
        let fit = (try row.string("fit")).flatMap(JSONValue.object(text:)) ?? [:]
        let coefficients = (try row.doubleArray("coefficients") ?? []).map { $0 ?? .nan }
        let names = (try row.textArray("feature_names") ?? []).map { $0 ?? "?" }
        let errors = JSONValue.doubles(fit["coefficient_std_errors"])
        let tStatistics = JSONValue.doubles(fit["t_statistics"])
        let pValues = JSONValue.doubles(fit["p_values"])
        let table = coefficients.indices.map { j in
            ReportData.Coefficient(name: j < names.count ? names[j] : "x\(j + 1)", estimate: coefficients[j],
                                   standardError: errors.element(j), tStatistic: tStatistics.element(j),
                                   pValue: pValues.element(j))
        }
        let intercept = try row.double("intercept").map {
            ReportData.Coefficient(name: "(intercept)", estimate: $0,
                                   standardError: JSONValue.double(fit["intercept_std_error"]),
                                   tStatistic: JSONValue.double(fit["intercept_t_statistic"]),
                                   pValue: JSONValue.double(fit["intercept_p_value"]))
        }
        data.coefficients = ReportData.CoefficientTable(version: version, intercept: intercept, coefficients: table,
                                                        conditionNumber: try row.double("condition_number"))

        if let stats = try row.string("feature_stats").flatMap(JSONValue.array(text:)) {
            let percentiles = stats.map { JSONValue.doubles(($0 as? [String: Any])?["percentiles"]).compactMap { $0 } }
            data.importance = Importance.fromPercentiles(
                coefficients: coefficients, names: names,
                means: (try row.doubleArray("feature_means") ?? []).map { $0 ?? .nan },
                percentiles: percentiles, degree: Int(try row.int("degree") ?? 1))
        }
        if let validation = fit["validation"] as? [String: Any] {
            data.validation = ValidationJSON.summary(validation, at: try row.date("finished_at"), version: version)
        }
    }
}

extension Array where Element == Double? {
    /// The element at `index`, or nil past the end (inference arrays may be missing).
    func element(_ index: Int) -> Double? { index < count ? self[index] : nil }
}
