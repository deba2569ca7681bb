import Foundation
import PostgresClient

/// A claimed row of `pgct.jobs`: the durable record of one unit of work.
public struct Job: Sendable {
    public enum Kind: String, Sendable { case train, monitor, logPredictions = "log_predictions" }

    public var id: Int64
    public var modelId: Int64
    public var kind: Kind
    /// The job's payload as JSON text (`{"overrides": …}` for training).
    public var payload: String
    public var attempts: Int

    init(row: Row) throws {
        id = try row.int("id") ?? 0
        modelId = try row.int("model_id") ?? 0
        let kindText = try row.string("kind") ?? ""
        guard let kind = Kind(rawValue: kindText) else {
            throw AgentError("unknown job kind '\(kindText)'")
        }
        self.kind = kind
        payload = try row.string("payload") ?? "{}"
        attempts = Int(try row.int("attempts") ?? 0)
    }

    /// Why the job was queued (`payload.reason`), when the agent queued it.
    public var reason: String? { JSONText.parse(payload)["reason"] as? String }

    /// The run's option overrides as JSON text, or nil when the job has none.
    public var overridesJSON: String? {
        guard let overrides = JSONText.parse(payload)["overrides"] as? [String: Any] else { return nil }
        return JSONText.encode(overrides)
    }
}

/// The queue functions of the extension, as the agent calls them.
struct JobQueue {
    let connection: PostgresConnection
    let agentId: String
    let visibilitySeconds: Int

    var visibility: PostgresValue { .text("\(visibilitySeconds) seconds") }

    /// Claims the oldest runnable job, or the given one, with SKIP LOCKED; nil when none.
    func claim(only jobId: Int64? = nil) throws -> Job? {
        try connection.query("SELECT * FROM pgct.claim_job($1, $2::interval, $3)",
                             [.text(agentId), visibility, .optional(jobId, PostgresValue.int)])
            .rows.first.map(Job.init(row:))
    }

    /// Extends the claim (a heartbeat during long steps).
    func extend(_ job: Job) throws {
        try connection.execute("SELECT pgct.extend_claim($1, $2, $3::interval)", [.int(job.id), .text(agentId), visibility])
    }

    func complete(_ job: Job, result: String?) throws {
        try connection.execute("SELECT pgct.complete_job($1, $2, $3)",
                               [.int(job.id), .text(agentId), .optional(result, PostgresValue.json)])
    }

    /// Records a failed attempt; returns the job's new status (pending or parked).
    @discardableResult
    func fail(_ job: Job, error: String) throws -> String {
        try connection.query("SELECT pgct.fail_job($1, $2, $3) AS status", [.int(job.id), .text(agentId), .text(error)])
            .rows.first?.string("status") ?? "unknown"
    }

    /// Queues a job (idempotent: an equivalent live job is reused); returns its id.
    @discardableResult
    func enqueue(modelId: Int64, kind: Job.Kind, payload: String = "{}") throws -> Int64? {
        try connection.query("SELECT pgct.enqueue_job($1, $2, $3) AS id", [.int(modelId), .text(kind.rawValue), .json(payload)])
            .rows.first?.int("id")
    }
}

/// An error of the agent's own, with a message fit for an event and a log line.
public struct AgentError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
