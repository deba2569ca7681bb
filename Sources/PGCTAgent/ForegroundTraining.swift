import Foundation
import PostgresClient

/// `pgct train`: one run of the pipeline, now, through the same queue the agent uses, so that
/// "never two trainings of one model at once" still holds: the run is a train job that this
/// process enqueues (or finds already queued) and claims itself.
public enum ForegroundTraining {
    public static func run(model name: String, overridesJSON: String?, settings: ConnectionSettings,
                           logger: Logger) throws -> TrainOutcome {
        let connection = try PostgresConnection(settings, applicationName: "pgct train")
        guard let model = try ModelRecord.load(name: name, on: connection) else {
            throw AgentError("no model named '\(name)': see SELECT name FROM pgct.models")
        }
        let agentId = "pgct-train-\(ProcessInfo.processInfo.processIdentifier)"
        let queue = JobQueue(connection: connection, agentId: agentId, visibilitySeconds: 600)
        let jobId = try connection.query("SELECT pgct.train($1, $2) AS id",
                                         [.text(model.name), .optional(overridesJSON, PostgresValue.json)])
            .rows.first?.int("id")
        guard let jobId, let job = try queue.claim(only: jobId) else {
            throw AgentError("a training of '\(name)' is already running (another agent holds it); try again when it ends")
        }
        let events = EventSink(connection: connection, logger: logger)
        let pipeline = TrainingPipeline(connection: connection, events: events, agentId: agentId, queue: queue)
        do {
            let outcome = try pipeline.run(model: model, job: job, overridesJSON: job.overridesJSON ?? overridesJSON)
            if !outcome.completedJob { try queue.complete(job, result: outcome.json(pretty: false)) }
            return outcome
        } catch {
            _ = try? queue.fail(job, error: "\(error)")
            throw error
        }
    }
}

extension TrainOutcome {
    /// A few human-readable lines for the terminal.
    public var summary: String {
        var lines = ["model \(model): \(decision.rawValue)" + (version.map { ", version \($0) (\(status))" } ?? "")]
        if !reason.isEmpty { lines.append("  \(reason)") }
        if let fit {
            lines.append("  solver \(fit.solver.rawValue), n \(fit.n), intercept \(fit.intercept.map { String($0) } ?? "none")")
            lines.append("  coefficients " + zip(fit.expandedFeatureNames, fit.coefficients)
                .map { "\($0)=\($1)" }.joined(separator: ", "))
        }
        if let test = testMetrics {
            lines.append("  test: " + ["r2", "mae", "rmse", "n"].compactMap { key in
                test[key].map { "\(key) \($0)" } }.joined(separator: ", "))
        }
        if let production {
            lines.append("  production v\(production.version) on the same rows: "
                + ["r2", "mae", "rmse"].compactMap { key in production.metrics[key].map { "\(key) \($0)" } }
                    .joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
