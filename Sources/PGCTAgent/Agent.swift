import Foundation
import PGCTExtension
import PostgresClient

/// The long-running continuous-training agent (`pgct agent`).
///
/// PostgreSQL is the source of truth and NOTIFY only a doorbell: on every (re)connect the agent
/// first rescans for work (rung doorbells, rows without a logged prediction, untrained models),
/// then claims jobs with SKIP LOCKED until none is left, then waits for a notification or the
/// poll interval (the safety net). Several agents can run side by side. All database calls are
/// blocking libpq calls, so `run()` is meant for a thread of its own (the CLI's main thread).
public final class Agent: @unchecked Sendable {
    /// How the agent connects and behaves.
    public struct Configuration: Sendable {
        public var settings: ConnectionSettings
        public var agentId: String
        /// Seconds between safety-net scans when no notification arrives.
        public var pollInterval: Double
        /// Seconds a claimed job stays invisible to other agents (renewed between steps).
        public var visibilitySeconds: Int
        /// Process what is pending, then return (cron-style use, tests).
        public var once: Bool
        /// Upper bound of the reconnect backoff, in seconds.
        public var maxBackoff: Double

        public init(settings: ConnectionSettings, agentId: String = Agent.defaultAgentId(), pollInterval: Double = 5,
                    visibilitySeconds: Int = 300, once: Bool = false, maxBackoff: Double = 10) {
            self.settings = settings
            self.agentId = agentId
            self.pollInterval = pollInterval
            self.visibilitySeconds = visibilitySeconds
            self.once = once
            self.maxBackoff = maxBackoff
        }
    }

    /// `hostname-pid`: unique enough to tell agents apart in claims and events.
    public static func defaultAgentId() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    public let configuration: Configuration
    let logger: Logger
    private let stopLock = NSLock()
    private var stopRequested = false
    /// Models whose source error was already reported by this agent (reported once, not per scan).
    private var reportedSourceErrors: Set<Int64> = []

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Asks the agent to stop: it claims nothing more, finishes the current step's job, and
    /// `run()` returns. Safe to call from any thread (signal handlers).
    public func requestStop() {
        stopLock.withLock { stopRequested = true }
    }

    var isStopping: Bool { stopLock.withLock { stopRequested } }

    /// Runs until stopped (or, with `once`, until nothing is pending). Returns the exit status.
    public func run() -> Int32 {
        var backoff = 0.1
        logger.info("agent_started", ["agent": .string(configuration.agentId),
                                      "poll_interval_s": .double(configuration.pollInterval)])
        while !isStopping {
            do {
                let connection = try PostgresConnection(configuration.settings, applicationName: "pgct agent")
                try checkInstalledVersion(connection)
                try connection.listen("pgct")
                backoff = 0.1
                logger.info("agent_connected", ["server": .string(configuration.settings.redactedDescription)])
                try serve(connection)
                if configuration.once { break }
            } catch let error as PostgresError where error.isConnectionError {
                if configuration.once {
                    logger.severe("connection_failed", ["error": .string("\(error)")])
                    return 1
                }
                logger.warning("connection_lost", ["error": .string("\(error)"), "retry_in_s": .double(backoff)])
                pause(backoff)
                backoff = min(backoff * 2, configuration.maxBackoff)
            } catch {
                logger.severe("agent_error", ["error": .string("\(error)")])
                if configuration.once { return 1 }
                pause(backoff)
                backoff = min(backoff * 2, configuration.maxBackoff)
            }
        }
        logger.info("agent_stopped", ["agent": .string(configuration.agentId)])
        return 0
    }

    /// The agent speaks the SQL interface of the extension version it was built with.
    private func checkInstalledVersion(_ connection: PostgresConnection) throws {
        let expected = ExtensionScripts.defaultVersion
        guard let installed = try ExtensionInstaller.presence(on: connection).installedVersion else {
            throw AgentError("pgct is not installed in this database: run 'pgct install' (as an administrator)")
        }
        guard installed == expected else {
            throw AgentError("pgct \(installed) is installed but this agent needs \(expected): run 'pgct install' to upgrade")
        }
    }

    /// One connected session: scan, drain the queue, wait; repeat until stopped or disconnected.
    private func serve(_ connection: PostgresConnection) throws {
        let events = EventSink(connection: connection, logger: logger)
        let queue = JobQueue(connection: connection, agentId: configuration.agentId,
                             visibilitySeconds: configuration.visibilitySeconds)
        var kind = ScanKind.catchUp  // first pass after (re)connecting: everything missed while away
        var lastFullScan = Date()
        while !isStopping {
            let found = try scan(connection, queue: queue, kind: kind)
            try drain(connection, queue: queue, events: events)
            if configuration.once { return }
            // The doorbell rings at most once per 50 ms per session and only when its flag was
            // clear: rows committed just after this scan may ring no bell, so when this pass
            // found work, look again shortly instead of waiting for the safety-net interval.
            let notified = try waitForWork(connection, timeout: found ? min(Self.followUpDelay, configuration.pollInterval)
                                                                       : configuration.pollInterval)
            // A doorbell needs only the rung flags read (the fast path from insert to work);
            // otherwise, and at least once per poll interval, the full safety-net scan.
            if notified && -lastFullScan.timeIntervalSinceNow < configuration.pollInterval {
                kind = .doorbells
            } else {
                kind = .full
                lastFullScan = Date()
            }
        }
    }

    /// What a scan looks at.
    enum ScanKind {
        /// Everything: rung doorbells, untrained models, rows without a logged prediction.
        case catchUp
        /// The safety net: as catch-up, but untrained models only when their doorbell rang.
        case full
        /// Only the rung doorbells.
        case doorbells
    }

    /// Seconds until the follow-up scan after a pass that found work.
    static let followUpDelay = 0.1

    /// Turns pending work into (idempotent) monitor jobs; returns whether there was any.
    /// Untrained models are picked up on the catch-up pass and by their doorbell, not by every
    /// periodic scan.
    @discardableResult
    private func scan(_ connection: PostgresConnection, queue: JobQueue, kind: ScanKind) throws -> Bool {
        var found = false
        let pending = try connection.query(kind == .doorbells
            ? "SELECT t.model_id, 'wakeup' AS reason FROM pgct.take_wakeups() AS t(model_id)"
            : "SELECT model_id, reason FROM pgct.pending_work()")
        for row in pending.rows {
            guard let modelId = try row.int("model_id") else { continue }
            let reason = try row.string("reason") ?? ""
            if reason.hasPrefix("source_error") {
                if reportedSourceErrors.insert(modelId).inserted {
                    let model = try ModelRecord.load(id: modelId, on: connection)
                    EventSink(connection: connection, logger: logger)
                        .emit(.warning, "source_unreadable", "cannot read the source: \(reason)", model: model)
                }
                continue
            }
            reportedSourceErrors.remove(modelId)
            if reason == "untrained" && kind != .catchUp { continue }
            try queue.enqueue(modelId: modelId, kind: .monitor, payload: JSONText.encode(["reason": reason]))
            found = true
        }
        return found
    }

    /// Claims and runs jobs until none is runnable (or a stop is requested).
    private func drain(_ connection: PostgresConnection, queue: JobQueue, events: EventSink) throws {
        while !isStopping, let job = try queue.claim() {
            try process(job, connection: connection, queue: queue, events: events)
        }
    }

    /// Runs one claimed job. A connection error propagates (the claim expires and the job is
    /// retried after reconnecting); any other error is recorded on the job, which is retried
    /// with a backoff or parked after its last attempt.
    func process(_ job: Job, connection: PostgresConnection, queue: JobQueue, events: EventSink) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let model: ModelRecord?
        do {
            model = try ModelRecord.load(id: job.modelId, on: connection)
        } catch let error as PostgresError where !error.isConnectionError {
            try recordFailure(job, error: error, model: nil, queue: queue)
            return
        }
        guard let model else {
            try queue.complete(job, result: JSONText.encode(["skipped": "model dropped"]))
            return
        }
        do {
            switch job.kind {
            case .train where job.reason == Monitor.untrainedReason && model.productionVersion != nil:
                // Queued for a model without a production version, which another agent's
                // training gave it in the meantime: the reason is gone.
                try queue.complete(job, result: JSONText.encode(["skipped": "the model has a production version now"]))
            case .train:
                let pipeline = TrainingPipeline(connection: connection, events: events, agentId: configuration.agentId,
                                                queue: queue)
                let outcome = try pipeline.run(model: model, job: job, overridesJSON: job.overridesJSON)
                if !outcome.completedJob { try queue.complete(job, result: outcome.json(pretty: false)) }
            case .monitor:
                let result = try Monitor(connection: connection, events: events, agentId: configuration.agentId,
                                         queue: queue).run(model: model, job: job)
                try queue.complete(job, result: result.json)
            case .logPredictions:
                let n = try Monitor.logPredictions(model, on: connection)
                try queue.complete(job, result: JSONText.encode(["logged_predictions": n]))
            }
            logger.debug("job_done", ["job": .int(job.id), "kind": .string(job.kind.rawValue), "model": .string(model.name),
                                      "duration_ms": .double(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)])
        } catch let error as PostgresError where error.isConnectionError {
            throw error
        } catch {
            try recordFailure(job, error: error, model: model, queue: queue)
        }
    }

    private func recordFailure(_ job: Job, error: Error, model: ModelRecord?, queue: JobQueue) throws {
        if job.kind == .train, let model {
            // A version this job left in training is failed now, not left dangling.
            try? TrainingPipeline.failTrainingVersions(of: job, model: model, error: "training failed: \(error)",
                                                       on: queue.connection)
        }
        // pgct.fail_job records the event (WARNING, or SEVERE when the job is parked).
        let status = try queue.fail(job, error: "\(error)")
        var metadata: [String: LogValue] = ["job": .int(job.id), "kind": .string(job.kind.rawValue),
                                            "status": .string(status), "attempt": .int(Int64(job.attempts)),
                                            "error": .string("\(error)")]
        if let model { metadata["model"] = .string(model.name) }
        logger.log(status == "parked" ? .severe : .warning, "job_failed", metadata)
    }

    /// Waits for a notification up to `timeout` seconds, waking often enough to notice a stop;
    /// returns whether one arrived.
    private func waitForWork(_ connection: PostgresConnection, timeout: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !isStopping {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            if try connection.waitForNotification(timeout: min(remaining, 0.25)) != nil {
                // Several doorbells may have rung: take them all, one scan serves them.
                while try connection.waitForNotification(timeout: 0) != nil {}
                return true
            }
        }
        return false
    }

    /// Sleeps up to `seconds`, returning early when a stop is requested.
    private func pause(_ seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isStopping && Date() < deadline {
            Thread.sleep(forTimeInterval: min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}
