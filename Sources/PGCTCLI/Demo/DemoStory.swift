import Foundation
import PostgresClient

/// The seed's story in four phases, each verified from the database before the next begins:
/// 1. points near y = 1.19x + 6.7 → the agent trains and promotes v1;
/// 2. more of the same → v1 predicts them, live R² stays above the threshold: stable;
/// 3. a flatter cloud, higher up → live R² collapses below 0.2, the agent retrains on the new
///    window, compares with v1 on the same rows and promotes v2;
/// 4. new points → predicted by v2.
final class DemoStory {
    /// How the story is played.
    struct Plan {
        var seed: UInt64 = 42
        /// Rows of the initial data (one statement).
        var initialRows = 200
        /// Batches of phases 2 and 4, and rows per batch.
        var batches = 4
        var batchRows = 25
        /// Rows of the changed data (one statement: "the points change", the window sees only them).
        var changedRows = 150
        /// Pause after each batch, so a person can follow (0 with --fast).
        var pause: Double = 0.8
        /// Longest wait for one step of the agent.
        var timeout: Double = 60

        /// The model's options: the seed's R² < 0.2 trigger, a window the changed data fills,
        /// a monitoring window large enough to judge drift, a short cooldown; drift is measured
        /// and shown but, as in the seed, only accuracy triggers a retrain.
        var modelOptions: String {
            #"{"window": {"last_rows": 150}, "min_rows": 20, "monitor_window": 100, "r2_threshold": 0.2, "#
                + #""drift_threshold": null, "cooldown": "\#(Int(cooldownSeconds)) seconds", "seed": 42}"#
        }

        var cooldownSeconds: Double = 3
    }

    /// One line of the summary table.
    struct PhaseResult {
        var phase: String
        var rows: Int
        var production: String
        var liveR2: Double?
        var liveMAE: Double?
        var outcome: String
        var ok: Bool
    }

    let plan: Plan
    let target: DemoTarget
    let connection: PostgresConnection
    let output: DemoOutput
    let agent: AgentRunner
    let interrupt: InterruptSignals
    private(set) var results: [PhaseResult] = []
    private var data: DemoPoints
    private var modelId: Int64 = 0
    private var table = ""
    private var lastEventId: Int64 = 0
    private var lastMonitoringId: Int64 = 0
    private var threshold = 0.2
    private var currentPhase = "setup"

    init(plan: Plan, target: DemoTarget, connection: PostgresConnection, output: DemoOutput, agent: AgentRunner,
         interrupt: InterruptSignals) {
        self.plan = plan
        self.target = target
        self.connection = connection
        self.output = output
        self.agent = agent
        self.interrupt = interrupt
        data = DemoPoints(seed: plan.seed)
    }

    /// Plays the story; throws `DemoFailure` at the first thing that did not happen as expected.
    func run() throws {
        try createModel()
        agent.start()
        try phase1()
        try phase2()
        try phase3()
        try phase4()
    }

    // MARK: setup

    private func createModel() throws {
        table = try target.qualifiedTable(connection)
        try connection.execute(
            "CREATE TABLE \(table) (id bigserial PRIMARY KEY, x float8, y float8, label text,"
            + " created_at timestamptz NOT NULL DEFAULT pg_catalog.now())")
        let row = try connection.query(
            "SELECT pgct.create_model($1, $2::regclass, 'y', ARRAY['x'], 'linear', $3::jsonb) AS id",
            [.text(target.modelName), .text(table), .json(plan.modelOptions)]).rows.first
        modelId = try row?.int("id") ?? 0
        threshold = try connection.query("SELECT (options ->> 'r2_threshold')::float8 AS t FROM pgct.models WHERE id = $1",
                                         [.int(modelId)]).rows.first?.double("t") ?? 0.2
        output.line("setup  │ table \(target.schema).\(target.tableName) (id, x, y, label, created_at); model \(target.modelName): y ~ x, linear,"
                    + " window last 150 rows, retrain when live R² < \(format(threshold))")
        output.line("setup  │ agent started in process; it wakes on the table's NOTIFY doorbell")
    }

    // MARK: phases

    private func phase1() throws {
        currentPhase = "1"
        header(1, "initial data", "\(plan.initialRows) points near \(DemoRelation.initial.formula)")
        let ids = try insert(plan.initialRows, .initial, label: "phase1-initial")
        try wait(for: "the first version") {
            try connection.query("SELECT production_version FROM pgct.models WHERE id = $1", [.int(modelId)])
                .rows.first?.int("production_version") != nil
        }
        let v1 = try version(1)
        try check(v1.status == "production", "version 1 is \(v1.status), not in production")
        try check(abs(v1.slope - 1.19) < 0.1 && abs(v1.intercept - 6.7) < 1,
                  "version 1 is y = \(format(v1.slope))x + \(format(v1.intercept)), not near y = 1.19x + 6.7")
        try check(try count("SELECT count(*) FROM pgct.deployments WHERE model_id = $1 AND version = 1 AND action = 'promote'") == 1,
                  "no promotion of version 1 in pgct.deployments")
        success("v1 in production: y = \(format(v1.slope))x + \(format(v1.intercept)), test R² \(format(v1.testR2))")
        results.append(PhaseResult(phase: "1 initial data", rows: ids.count, production: "v1", liveR2: nil, liveMAE: nil,
                                   outcome: "v1 trained and promoted (test R² \(format(v1.testR2)))", ok: true))
    }

    /// Inserts the plan's batches from `relation`, waiting after each for the agent to predict
    /// and monitor it; returns the ids of every row inserted.
    private func insertBatches(_ relation: DemoRelation, label: String) throws -> [Int64] {
        var all: [Int64] = []
        for batch in 1...plan.batches {
            let ids = try insert(plan.batchRows, relation, label: label)
            all += ids
            try waitForMonitoring(of: ids, what: "the agent to predict and monitor batch \(batch)")
            try pause()
        }
        return all
    }

    private func phase2() throws {
        currentPhase = "2"
        header(2, "more of the same", "\(plan.batches) × \(plan.batchRows) points from the same line")
        let all = try insertBatches(.initial, label: "phase2-same")
        try check(try predictedBy(all) == [1: all.count], "phase 2 rows were not all predicted by v1")
        let last = try latestMonitoring()
        try check(last.decision == "stable" && (last.r2 ?? -1) >= threshold,
                  "last evaluation is \(last.decision) with live R² \(format(last.r2)), expected stable above \(format(threshold))")
        try check(try count("SELECT count(*) FROM pgct.model_versions WHERE model_id = $1 AND version > 1") == 0,
                  "the agent retrained although the data did not change")
        success("stable: live R² \(format(last.r2)) ≥ \(format(threshold)) on \(last.n) labelled rows, still v1")
        results.append(PhaseResult(phase: "2 same data", rows: all.count, production: "v1", liveR2: last.r2, liveMAE: last.mae,
                                   outcome: "stable, predicted by v1", ok: true))
    }

    private func phase3() throws {
        currentPhase = "3"
        header(3, "the points change", "\(plan.changedRows) points near \(DemoRelation.changed.formula)")
        // The retrain rule has a cooldown since the last training: let it pass, so that the
        // collapse is acted on at once (with --fast the story is quicker than the cooldown).
        let sinceTraining = try connection.query(
            "SELECT EXTRACT(EPOCH FROM pg_catalog.now() - max(created_at))::float8 AS s FROM pgct.model_versions WHERE model_id = $1",
            [.int(modelId)]).rows.first?.double("s") ?? plan.cooldownSeconds
        if sinceTraining < plan.cooldownSeconds {
            let remaining = plan.cooldownSeconds - sinceTraining + 0.2
            let until = Date().addingTimeInterval(remaining)
            output.line(String(format: "demo   │ first letting the retrain cooldown pass (%.0f s since v1 was trained, %.1f s left)",
                               plan.cooldownSeconds, remaining))
            try wait(for: "the retrain cooldown (\(Int(plan.cooldownSeconds)) s since v1)") { Date() >= until }
        }
        let before = lastMonitoringId
        let ids = try insert(plan.changedRows, .changed, label: "phase3-changed")
        try wait(for: "the agent to notice, retrain and compare") {
            try connection.query(
                "SELECT 1 FROM pgct.model_versions WHERE model_id = $1 AND version > 1 AND status <> 'training'",
                [.int(modelId)]).rows.first != nil
        }
        let retrain = try connection.query(
            "SELECT r2, mae, labelled_n FROM pgct.monitoring WHERE model_id = $1 AND id > $2 AND version = 1"
            + " AND decision = 'retrain' ORDER BY id LIMIT 1", [.int(modelId), .int(before)]).rows.first
        try check(retrain != nil, "no retrain decision on version 1 was recorded")
        let collapsed = try retrain?.double("r2")
        try check((collapsed ?? 1) < threshold, "the retrain decision saw live R² \(format(collapsed)), not below \(format(threshold))")
        let v2 = try version(2)
        try check(v2.status == "production",
                  "version 2 is \(v2.status) (\(v2.comparisonReason ?? "no comparison")), not in production")
        try check(v2.comparedWith == 1, "version 2 was not compared with version 1 on the same rows")
        try check(abs(v2.slope - DemoRelation.changed.slope) < 0.1 && abs(v2.intercept - DemoRelation.changed.intercept) < 1.5,
                  "version 2 is y = \(format(v2.slope))x + \(format(v2.intercept)): not trained on the new window")
        try check(try count("SELECT count(*) FROM pgct.deployments WHERE model_id = $1 AND version = 2 AND previous_version = 1") == 1,
                  "no deployment from v1 to v2 in pgct.deployments")
        success("v2 in production: y = \(format(v2.slope))x + \(format(v2.intercept)); \(v2.comparisonReason ?? "")")
        results.append(PhaseResult(phase: "3 changed data", rows: ids.count, production: "v1 → v2", liveR2: collapsed,
                                   liveMAE: try retrain?.double("mae"),
                                   outcome: "R² below \(format(threshold)): retrained, v2 beat v1 on the same rows, promoted",
                                   ok: true))
    }

    private func phase4() throws {
        currentPhase = "4"
        header(4, "new points", "\(plan.batches) × \(plan.batchRows) points from the new relation")
        let all = try insertBatches(.changed, label: "phase4-new")
        try check(try predictedBy(all) == [2: all.count], "phase 4 rows were not all predicted by v2")
        let last = try latestMonitoring()
        try check(last.version == 2 && last.decision == "stable",
                  "last evaluation is \(last.decision) of v\(last.version.map(String.init) ?? "?"), expected v2 stable")
        // The generated SQL function serves v2: its value at x = 10 is v2's line.
        let v2 = try version(2)
        let function = try connection.quoteIdentifier("pgct_models") + "." + connection.quoteIdentifier(target.modelName)
        let served = try connection.query("SELECT \(function)(10.0) AS p").rows.first?.double("p") ?? .nan
        try check(abs(served - (v2.intercept + 10 * v2.slope)) < 1e-9,
                  "\(function)(10) = \(format(served)) is not v2's prediction")
        success("predicted by v2: \(all.count) of \(all.count) rows; live R² \(format(last.r2)); pgct_models.\(target.modelName)(10) = \(format(served))")
        results.append(PhaseResult(phase: "4 new data", rows: all.count, production: "v2", liveR2: last.r2, liveMAE: last.mae,
                                   outcome: "stable, predicted by v2", ok: true))
    }

    /// Records a failed phase for the summary (called by the command when `run` throws).
    func recordFailure(_ message: String) {
        results.append(PhaseResult(phase: currentPhase == "setup" ? "setup" : "\(currentPhase) (failed)", rows: 0,
                                   production: "-", liveR2: nil, liveMAE: nil, outcome: message, ok: false))
    }

    // MARK: data

    private func insert(_ rows: Int, _ relation: DemoRelation, label: String) throws -> [Int64] {
        let points = data.line(rows, slope: relation.slope, intercept: relation.intercept, noise: relation.noise,
                               xRange: relation.xRange)
        let ids = try connection.query(
            "INSERT INTO \(table) (x, y, label) SELECT x, y, $3 FROM unnest($1::float8[], $2::float8[]) AS u(x, y)"
            + " RETURNING id", [.doubleArray(points.x), .doubleArray(points.y), .text(label)]).rows.compactMap { try $0.int("id") }
        let total = try count("SELECT count(*) FROM \(table)", modelBound: false)
        output.line("demo   │ inserted \(ids.count) rows (\(label)); the table holds \(total)")
        return ids
    }

    // MARK: waiting and the timeline

    /// Waits until every row of `ids` has a logged prediction and a monitoring pass has run
    /// after they were logged (the same agent job logs, then evaluates).
    private func waitForMonitoring(of ids: [Int64], what: String) throws {
        let rowIds = ids.map(String.init)
        try wait(for: what) {
            try connection.query(
                """
                SELECT count(*) = $3 AND EXISTS (SELECT 1 FROM pgct.monitoring m WHERE m.model_id = $1
                                                 AND m.at >= max(p.predicted_at)) AS done
                FROM pgct.predictions p WHERE p.model_id = $1 AND p.row_id = ANY($2::text[])
                """, [.int(modelId), .textArray(rowIds), .int(Int64(rowIds.count))]).rows.first?.bool("done") == true
        }
    }

    /// Polls `condition`, printing the agent's decisions as they land and a progress indicator.
    private func wait(for what: String, _ condition: () throws -> Bool) throws {
        let start = Date()
        while true {
            try showActivity()
            if try condition() {
                try showActivity()
                output.endProgress()
                return
            }
            if interrupt.interrupted {
                output.endProgress()
                throw DemoInterrupted()
            }
            guard agent.isRunning else {
                output.endProgress()
                throw DemoFailure("the agent stopped unexpectedly; its last log lines:\n" + agent.lastLines().joined(separator: "\n"))
            }
            let waited = Date().timeIntervalSince(start)
            if waited > plan.timeout {
                output.endProgress()
                throw DemoFailure("timed out after \(Int(plan.timeout)) s waiting for \(what); the agent's last log lines:\n"
                                  + agent.lastLines().joined(separator: "\n"))
            }
            output.progress(what, waited: waited)
            Thread.sleep(forTimeInterval: 0.08)
        }
    }

    /// Prints the monitoring rows and notable events the agent wrote since the last call.
    private func showActivity() throws {
        let rows = try connection.query(
            """
            SELECT 'event' AS kind, id, at, level, event, message, version, NULL::float8 AS r2, NULL::float8 AS mae,
                   NULL::bigint AS n, NULL::text AS decision
            FROM pgct.events WHERE model_id = $1 AND id > $2
              AND (event IN ('retrain_decided', 'training_started', 'step_evaluation', 'step_comparison', 'promoted')
                   OR level <> 'INFO')
            UNION ALL
            SELECT 'monitor', id, at, NULL, NULL, reason, version, r2, mae, labelled_n, decision
            FROM pgct.monitoring WHERE model_id = $1 AND id > $3
            ORDER BY at, kind
            """, [.int(modelId), .int(lastEventId), .int(lastMonitoringId)]).rows
        for row in rows {
            let id = try row.int("id") ?? 0
            let message = try row.string("message") ?? ""
            if try row.string("kind") == "monitor" {
                lastMonitoringId = max(lastMonitoringId, id)
                let decision = try row.string("decision") ?? ""
                let style: DemoOutput.Style = decision == "retrain" ? .red : (decision == "stable" ? .green : .yellow)
                var text = "agent  │ monitor v\(try row.int("version").map(String.init) ?? "?"): "
                text += "\(try row.int("n") ?? 0) labelled rows, live R² \(format(try row.double("r2"))),"
                text += " MAE \(format(try row.double("mae"))) → " + output.styled(decision, style)
                if decision != "stable" && !message.isEmpty { text += " (\(message))" }
                output.line(text)
            } else {
                lastEventId = max(lastEventId, id)
                let event = try row.string("event") ?? ""
                let level = try row.string("level") ?? "INFO"
                switch event {
                case "retrain_decided": output.line("agent  │ " + output.styled("retrain: \(message)", .red))
                case "training_started": output.line("agent  │ \(message)")
                case "step_evaluation": output.line("agent  │   evaluated: \(message)")
                case "step_comparison": output.line("agent  │   compared with production on the same rows: \(message)")
                case "promoted": output.line("agent  │ " + output.styled(message, .green))
                default: output.line("agent  │ " + output.styled("\(level) \(event): \(message)", level == "SEVERE" ? .red : .yellow))
                }
            }
        }
    }

    private func header(_ number: Int, _ title: String, _ detail: String) {
        output.plain("")
        output.line(output.styled("Phase \(number) — \(title)", .bold) + ": \(detail)")
    }

    private func success(_ text: String) {
        output.line(output.styled("✔ phase \(currentPhase)", .green) + " │ \(text)")
    }

    private func pause() throws {
        guard plan.pause > 0 else { return }
        let until = Date().addingTimeInterval(plan.pause)
        while Date() < until {
            if interrupt.interrupted { throw DemoInterrupted() }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    // MARK: reading the database

    private func check(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String) throws {
        guard try condition() else { throw DemoFailure("phase \(currentPhase): " + message()) }
    }

    private func count(_ sql: String, modelBound: Bool = true) throws -> Int {
        Int(try connection.query(sql, modelBound ? [.int(modelId)] : []).rows.first?.int("count") ?? 0)
    }

    /// How many of `ids` each version predicted.
    private func predictedBy(_ ids: [Int64]) throws -> [Int: Int] {
        var result: [Int: Int] = [:]
        for row in try connection.query(
            "SELECT version, count(*) AS n FROM pgct.predictions WHERE model_id = $1 AND row_id = ANY($2::text[])"
            + " AND predicted IS NOT NULL GROUP BY version", [.int(modelId), .textArray(ids.map(String.init))]).rows {
            result[Int(try row.int("version") ?? -1)] = Int(try row.int("n") ?? 0)
        }
        return result
    }

    struct Evaluation {
        var version: Int?
        var n: Int
        var r2: Double?
        var mae: Double?
        var decision: String
    }

    private func latestMonitoring() throws -> Evaluation {
        guard let row = try connection.query(
            "SELECT version, labelled_n, r2, mae, decision FROM pgct.monitoring WHERE model_id = $1 ORDER BY id DESC LIMIT 1",
            [.int(modelId)]).rows.first else { throw DemoFailure("phase \(currentPhase): no monitoring was recorded") }
        return Evaluation(version: try row.int("version").map(Int.init), n: Int(try row.int("labelled_n") ?? 0),
                          r2: try row.double("r2"), mae: try row.double("mae"), decision: try row.string("decision") ?? "")
    }

    struct VersionFacts {
        var status: String
        var intercept: Double
        var slope: Double
        var testR2: Double?
        var comparedWith: Int?
        var comparisonReason: String?
    }

    private func version(_ version: Int) throws -> VersionFacts {
        guard let row = try connection.query(
            """
            SELECT status, intercept, coefficients[1] AS slope, (metrics #>> '{test,r2}')::float8 AS test_r2,
                   (fit #>> '{comparison,production_version}')::int AS compared_with, fit #>> '{comparison,reason}' AS reason,
                   error
            FROM pgct.model_versions WHERE model_id = $1 AND version = $2
            """, [.int(modelId), .int(Int64(version))]).rows.first
        else { throw DemoFailure("phase \(currentPhase): version \(version) does not exist") }
        return VersionFacts(status: try row.string("status") ?? "", intercept: try row.double("intercept") ?? .nan,
                            slope: try row.double("slope") ?? .nan, testR2: try row.double("test_r2"),
                            comparedWith: try row.int("compared_with").map(Int.init),
                            comparisonReason: try row.string("reason") ?? row.string("error"))
    }
}

/// Four significant digits, "-" when absent.
func format(_ value: Double?) -> String {
    guard let value else { return "-" }
    return value.isFinite ? String(format: "%.4g", value) : "\(value)"
}

/// The story did not happen as expected (exit status 1).
struct DemoFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Ctrl-C or SIGTERM during the demo (exit status 130 after cleaning up).
struct DemoInterrupted: Error {}
