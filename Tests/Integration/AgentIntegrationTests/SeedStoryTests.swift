import Foundation
@testable import PGCTCLI
import PostgresClient
import Testing

/// The seed's story, end to end, through the real `pgct agent` process against a real PostgreSQL.
@Suite(.serialized) struct SeedStoryTests {
    static let options = """
        {"cooldown": "0 seconds", "window": {"last_rows": 150}, "min_rows": 20, "monitor_window": 60}
        """

    @Test func driftRetrainsAndPromotesOnTheSameRows() throws {
        let db = try AgentTestDatabase(prefix: "seed_story")
        try db.createPointsModel(options: Self.options)
        var data = DemoPoints(seed: 42)

        // Phase 1: points near y = 1.19x + 6.7 → the first version is trained and promoted.
        try db.insertPoints(data.line(150, slope: 1.19, intercept: 6.7, noise: 0.5))
        var run = try db.pgct(["agent", "--once"])
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        #expect(try db.int("SELECT production_version FROM pgct.models WHERE name = 'points'") == 1)
        let v1 = try #require(try db.sql("SELECT intercept, coefficients FROM pgct.model_versions WHERE version = 1").rows.first)
        #expect(abs((try v1.double("intercept") ?? 0) - 6.7) < 0.3)
        let slope = try #require(try v1.doubleArray("coefficients")?.first ?? nil)
        #expect(abs(slope - 1.19) < 0.05)
        #expect(try db.int("SELECT count(*) FROM pgct.deployments WHERE version = 1 AND action = 'promote'") == 1)

        // Phase 2: more points of the same kind → predicted by v1, live R² stays high: stable.
        try db.insertPoints(data.line(60, slope: 1.19, intercept: 6.7, noise: 0.5))
        run = try db.pgct(["agent", "--once"])
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        #expect(try db.int("SELECT count(*) FROM pgct.predictions WHERE version = 1") == 60)
        let stable = try #require(try db.sql("SELECT decision, r2 FROM pgct.monitoring ORDER BY id DESC LIMIT 1").rows.first)
        #expect(try stable.string("decision") == "stable")
        #expect((try stable.double("r2") ?? 0) > 0.9)

        // Phase 3: a flat cloud with another slope and offset → live R² collapses, the agent
        // retrains on the new window and promotes v2 after beating v1 on the same test rows.
        try db.insertPoints(data.line(150, slope: 0.1, intercept: 30, noise: 1.0))
        run = try db.pgct(["agent", "--once"])
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        let retrain = try #require(try db.sql(
            "SELECT decision, r2 FROM pgct.monitoring WHERE decision = 'retrain' ORDER BY id DESC LIMIT 1").rows.first)
        #expect((try retrain.double("r2") ?? 1) < 0.2)
        #expect(try db.int("SELECT production_version FROM pgct.models") == 2)
        let comparison = try #require(try db.value(
            "SELECT fit -> 'comparison' FROM pgct.model_versions WHERE version = 2"))
        #expect(comparison.contains("\"production_version\": 1"))
        #expect(try db.int("SELECT count(*) FROM pgct.deployments WHERE version = 2 AND previous_version = 1") == 1)

        // Phase 4: new points are predicted by the new version, in SQL and in the log.
        try db.insertPoints(data.line(10, slope: 0.1, intercept: 30, noise: 1.0))
        run = try db.pgct(["agent", "--once"])
        #expect(run.status == 0)
        #expect(try db.int("SELECT count(*) FROM pgct.predictions p JOIN points s ON s.id::text = p.row_id"
                           + " WHERE s.id > (SELECT max(id) - 10 FROM points) AND p.version = 2") == 10)
        let predicted = try #require(try db.sql("SELECT pgct_models.points(5.0) AS p").rows.first?.double("p"))
        #expect(abs(predicted - (30 + 0.1 * 5)) < 1.0)
    }

    @Test func groundTruthArrivingLaterIsMonitored() throws {
        let db = try AgentTestDatabase(prefix: "late_truth")
        try db.createPointsModel(options: Self.options)
        var data = DemoPoints(seed: 7)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.int("SELECT production_version FROM pgct.models") == 1)

        // Rows arrive without their target: predicted, but nothing to measure yet.
        let unlabelled = data.line(40, slope: 1.19, intercept: 6.7, noise: 0.5)
        try db.insertPoints(unlabelled.map { ($0.x, nil) })
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.int("SELECT count(*) FROM pgct.predictions WHERE version = 1") == 40)
        #expect(try db.value("SELECT decision FROM pgct.monitoring ORDER BY id DESC LIMIT 1") == "insufficient_data")

        // The truth arrives by UPDATE: the trigger rings, the agent measures the live accuracy.
        try db.sql("UPDATE points SET y = 1.19 * x + 6.7 WHERE y IS NULL")
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        let last = try #require(try db.sql("SELECT decision, labelled_n, r2 FROM pgct.monitoring ORDER BY id DESC LIMIT 1").rows.first)
        #expect(try last.string("decision") == "stable")
        #expect(try last.int("labelled_n") == 40)
        #expect((try last.double("r2") ?? 0) > 0.95)
    }

    @Test func approvalAndRollback() throws {
        let db = try AgentTestDatabase(prefix: "approval")
        try db.createPointsModel(options: #"{"require_approval": true, "min_rows": 20}"#)
        var data = DemoPoints(seed: 3)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.value("SELECT status FROM pgct.model_versions WHERE version = 1") == "awaiting_approval")
        #expect(try db.value("SELECT production_version FROM pgct.models") == nil)

        try db.sql("SELECT pgct.approve('points', 1)")
        #expect(try db.int("SELECT production_version FROM pgct.models") == 1)
        let before = try #require(try db.sql("SELECT pgct_models.points(2.0) AS p").rows.first?.double("p"))

        // A second version trained in the foreground on different data, approved, then rolled back.
        try db.sql("DELETE FROM points")
        try db.insertPoints(data.line(100, slope: -2, intercept: 50, noise: 0.5))
        let train = try db.pgct(["train", "points", "--json"])
        #expect(train.status == 0, "train failed: \(train.stderr)")
        let outcome = try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any]
        #expect(outcome?["decision"] as? String == "awaiting_approval")
        #expect(outcome?["version"] as? Int == 2)
        #expect((outcome?["fit"] as? [String: Any])?["solver"] as? String == "fast")
        #expect(((outcome?["production"] as? [String: Any])?["version"] as? Int) == 1)
        try db.sql("SELECT pgct.approve('points', 2)")
        let after = try #require(try db.sql("SELECT pgct_models.points(2.0) AS p").rows.first?.double("p"))
        #expect(abs(after - 46) < 1)

        try db.sql("SELECT pgct.rollback('points')")
        #expect(try db.int("SELECT production_version FROM pgct.models") == 1)
        let restored = try #require(try db.sql("SELECT pgct_models.points(2.0) AS p").rows.first?.double("p"))
        #expect(restored == before)
        #expect(try db.value("SELECT string_agg(action, ',' ORDER BY id) FROM pgct.deployments") == "approve,approve,rollback")
    }
}

/// The new-rows trigger and the schedule, through the real agent.
@Suite(.serialized) struct RetrainTriggerTests {
    @Test func retrainAfterRowsAndSchedule() throws {
        let db = try AgentTestDatabase(prefix: "triggers")
        try db.createPointsModel(options: #"{"min_rows": 20, "cooldown": "0 seconds", "retrain_after_rows": 30}"#)
        var data = DemoPoints(seed: 31)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.int("SELECT count(*) FROM pgct.model_versions") == 1)

        // 20 served rows: below retrain_after_rows, stable.
        try db.insertPoints(data.line(20, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.value("SELECT decision FROM pgct.monitoring ORDER BY id DESC LIMIT 1") == "stable")
        #expect(try db.int("SELECT count(*) FROM pgct.model_versions") == 1)

        // 20 more: 40 served since promotion ≥ 30 → retrain, although the model is accurate.
        try db.insertPoints(data.line(20, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        let reason = try #require(try db.value("SELECT reason FROM pgct.monitoring WHERE decision = 'retrain' ORDER BY id DESC LIMIT 1"))
        #expect(reason.contains("40 new rows since the last training"))
        #expect(try db.int("SELECT count(*) FROM pgct.model_versions") == 2)

        // A schedule that is always due retrains on the next pass too.
        try db.sql("SELECT pgct.alter_model('points', '{\"retrain_after_rows\": null, \"retrain_every\": \"0 seconds\"}')")
        try db.insertPoints(data.line(5, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        let scheduled = try #require(try db.value("SELECT reason FROM pgct.monitoring ORDER BY id DESC LIMIT 1"))
        #expect(scheduled.contains("scheduled"))
        #expect(try db.int("SELECT count(*) FROM pgct.model_versions") == 3)
    }
}

/// The agent needs no superuser: a login role granted `pgct_agent` and SELECT on the source.
@Suite(.serialized) struct AgentRoleTests {
    @Test func agentRunsWithOnlyThePgctAgentRole() throws {
        let db = try AgentTestDatabase(prefix: "agent_role")
        try db.createPointsModel(options: #"{"min_rows": 20, "cooldown": "0 seconds", "window": {"last_rows": 100}}"#)
        let role = "pgct_bot_\(getpid())"
        try db.sql("CREATE ROLE \(try db.connection.quoteIdentifier(role)) LOGIN")
        try db.sql("GRANT pgct_agent TO \(try db.connection.quoteIdentifier(role))")
        try db.sql("GRANT SELECT ON points TO \(try db.connection.quoteIdentifier(role))")
        defer { _ = try? db.sql("DROP OWNED BY \(try db.connection.quoteIdentifier(role)); DROP ROLE \(try db.connection.quoteIdentifier(role))") }
        var data = DemoPoints(seed: 23)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))

        var environment = db.environment
        environment["PGUSER"] = role
        var run = try PGCTProcess.run(["agent", "--once"], environment: environment, timeout: 120)
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        #expect(!run.stderr.contains("42501"), "permission denied: \(run.stderr)")
        #expect(try db.int("SELECT production_version FROM pgct.models") == 1)

        // Monitoring and a drift-driven retrain work under the same role.
        try db.insertPoints(data.line(100, slope: 0.1, intercept: 30, noise: 1))
        run = try PGCTProcess.run(["agent", "--once"], environment: environment, timeout: 120)
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        #expect(!run.stderr.contains("42501"), "permission denied: \(run.stderr)")
        #expect(try db.int("SELECT production_version FROM pgct.models") == 2)
        #expect(try db.value("SELECT actor FROM pgct.deployments WHERE version = 2")?.isEmpty == false)
    }
}
