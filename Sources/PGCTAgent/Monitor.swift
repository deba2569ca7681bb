import Foundation
import PGCTModels
import PostgresClient

/// One monitoring pass over a model: log predictions for the rows that arrived, measure the
/// production version's live accuracy on the labelled rows it predicted and the drift of their
/// features against its training baseline, decide, and write a `pgct.monitoring` row.
final class Monitor {
    let connection: PostgresConnection
    let events: EventSink
    let agentId: String
    let queue: JobQueue

    init(connection: PostgresConnection, events: EventSink, agentId: String, queue: JobQueue) {
        self.connection = connection
        self.events = events
        self.agentId = agentId
        self.queue = queue
    }

    /// What a pass did, for the job's result.
    struct Result {
        var logged: Int64 = 0
        var decision: MonitorDecision?
        var reasons: [String] = []
        var enqueuedTraining: Int64?

        var json: String {
            JSONText.encode(["logged_predictions": logged, "decision": decision?.rawValue as Any,
                             "reasons": reasons, "training_job": enqueuedTraining as Any])
        }
    }

    func run(model: ModelRecord, job: Job?) throws -> Result {
        var result = Result()
        result.logged = try Self.logPredictions(model, on: connection)
        if result.logged > 0 {
            events.logger.debug("predictions_logged", ["model": .string(model.name), "rows": .int(result.logged)])
        }
        guard let productionVersion = model.productionVersion else {
            try trainUntrained(model, result: &result)
            return result
        }

        let live = try connection.query(
            "SELECT n, r2, mae, rmse, window_rows FROM pgct.live_metrics($1)", [.int(model.id)]).rows.first
        let labelled = Int(try live?.int("n") ?? 0)
        let r2 = try live?.double("r2")
        let mae = try live?.double("mae")
        let rmse = try live?.double("rmse")

        let drift = labelled > 0 ? try measureDrift(model: model, version: productionVersion) : nil
        let policy = RetrainPolicy(options: model.options)
        // Since the last training of any outcome: a retrain that kept production resets the
        // new-rows count and the schedule too, so neither fires again on the same rows.
        let history = try connection.query(
            """
            WITH last AS (SELECT max(v.created_at) AS at FROM pgct.model_versions v WHERE v.model_id = $1)
            SELECT EXTRACT(EPOCH FROM pg_catalog.now() - last.at)::float8 AS since_training,
                   CASE WHEN $3 THEN (SELECT count(*) FROM pgct.predictions x
                                      WHERE x.model_id = $1 AND x.version = $2::int AND x.predicted_at > last.at)
                        ELSE 0 END AS served
            FROM last
            """,
            [.int(model.id), .int(Int64(productionVersion)), .bool(policy.retrainAfterRows != nil)]).rows.first
        let evidence = MonitorEvidence(
            labelledRows: labelled, r2: r2, mae: mae,
            driftScore: drift.flatMap { report in
                report.features.filter { $0.count >= report.thresholds.minimumSampleSize }
                    .map(\.psi).filter(\.isFinite).max()
            },
            driftedFeatures: drift?.driftedFeatures ?? [],
            rowsSinceTraining: Int(try history?.int("served") ?? 0),
            secondsSinceTraining: try history?.double("since_training"))
        let (decision, reasons) = policy.decide(evidence)
        result.decision = decision
        result.reasons = reasons

        let reason = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        try connection.execute(
            "SELECT pgct.record_monitoring($1, $2::int, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::int)",
            [.int(model.id), .int(Int64(productionVersion)), .text(decision.rawValue), .int(Int64(labelled)),
             .optional(r2, PostgresValue.double), .optional(mae, PostgresValue.double),
             .optional(rmse, PostgresValue.double),
             .optional(drift.map { JSONText.encode(JSONText.object($0)) }, PostgresValue.json),
             .optional(evidence.driftScore, PostgresValue.double), .optional(reason, PostgresValue.text),
             .json(JSONText.encode(["logged_predictions": result.logged,
                                    "rows_since_training": evidence.rowsSinceTraining])),
             .text(agentId), .int(Int64(model.options.monitorWindow))])
        events.logger.info("monitored", [
            "model": .string(model.name), "version": .int(Int64(productionVersion)),
            "decision": .string(decision.rawValue), "labelled": .int(Int64(labelled)),
            "r2": r2.map(LogValue.double) ?? .string("null"),
        ])
        if decision == .retrain {
            result.enqueuedTraining = try queue.enqueue(
                modelId: model.id, kind: .train, payload: JSONText.encode(["reason": reason ?? "monitoring"]))
        }
        return result
    }

    /// No production version yet: train as soon as the data allows (the training job checks
    /// min_rows and says why when it is not met) — unless a version awaits an admin's approval,
    /// or the last attempt (e.g. one that failed validation) is inside the cooldown.
    private func trainUntrained(_ model: ModelRecord, result: inout Result) throws {
        let row = try connection.query(
            """
            SELECT count(*) FILTER (WHERE status = 'awaiting_approval') AS waiting,
                   EXTRACT(EPOCH FROM pg_catalog.now() - max(created_at))::float8 AS since_attempt
            FROM pgct.model_versions WHERE model_id = $1
            """, [.int(model.id)]).rows.first
        if let waiting = try row?.int("waiting"), waiting > 0 {
            result.reasons = ["no production version; a version awaits approval (pgct.approve)"]
            return
        }
        if let since = try row?.double("since_attempt"), since < model.options.cooldownSeconds {
            result.reasons = ["no production version; last training attempt \(Int(since)) s ago is inside the cooldown"]
            return
        }
        result.enqueuedTraining = try queue.enqueue(modelId: model.id, kind: .train,
                                                    payload: JSONText.encode(["reason": Self.untrainedReason]))
        result.reasons = ["no production version yet"]
    }

    /// Logs the production version's prediction for every row that has none; returns the count.
    static func logPredictions(_ model: ModelRecord, on connection: PostgresConnection) throws -> Int64 {
        try connection.query("SELECT pgct.log_predictions($1) AS n", [.text(model.name)]).rows.first?.int("n") ?? 0
    }

    /// The reason of a training queued because the model had no production version.
    static let untrainedReason = "untrained"

    /// Fewest values in the live window for drift to be judged.
    static let minimumDriftSample = 100

    /// Drift of the live window's features against the production version's training baseline.
    private func measureDrift(model: ModelRecord, version: Int) throws -> DriftReport? {
        let stored = try connection.query(
            "SELECT feature_stats::text AS s FROM pgct.model_versions WHERE model_id = $1 AND version = $2",
            [.int(model.id), .int(Int64(version))]).rows.first?.string("s")
        guard let stored, let baselines = try? JSONText.decode([FeatureStatistics].self, from: stored),
              baselines.count == model.features.count else { return nil }
        guard let query = try connection.query("SELECT pgct.source_query($1, 'monitor') AS q", [.int(model.id)])
            .rows.first?.string("q") else { return nil }
        let columns = try connection.copyOutFloat8(query, columns: model.features.count + 2)
        let current = (0..<model.features.count).map { j in columns[j].compactMap { $0 } }
        // PSI over ten bins has an expected value near 9/n under no drift at all (0.3 at n = 30),
        // so a window is judged only from 100 values on, where noise stays well below 0.25.
        var thresholds = DriftThresholds(minimumSampleSize: Self.minimumDriftSample)
        if let threshold = model.options.driftThreshold { thresholds.psiDrift = threshold }
        return DriftReport(baselines: baselines, current: current, thresholds: thresholds)
    }
}
