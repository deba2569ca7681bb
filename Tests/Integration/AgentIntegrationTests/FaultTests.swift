import EmbeddedPostgres
import Foundation
@testable import PGCTCLI
import PostgresClient
import Testing

/// The agent under faults: killed mid-training, the server restarting, two agents at once,
/// a dropped source table.
@Suite(.serialized) struct FaultTests {
    @Test func killedWhileTrainingLeavesNoPartialPromotion() throws {
        let db = try AgentTestDatabase(prefix: "killed")
        try db.createPointsModel(options: #"{"min_rows": 20}"#)
        var data = DemoPoints(seed: 11)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))

        // Hold a lock the promotion needs, so the agent stops inside its registration
        // transaction; then SIGKILL it there.
        let blocker = try PostgresConnection(db.settings)
        try blocker.execute("BEGIN")
        try blocker.execute("LOCK TABLE pgct.deployments IN EXCLUSIVE MODE")
        let agent = try db.startAgent(["--agent-id", "doomed", "--claim-timeout", "2"])
        let blocked = try eventually(timeout: 60) {
            try db.int("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                       + " AND application_name = 'pgct agent'") > 0
        }
        #expect(blocked, "the agent never reached the promotion: \(agent.stderr)")
        _ = agent.stop(signal: SIGKILL)
        try blocker.execute("ROLLBACK")

        // Nothing half-written: no production pointer, no deployment, the version still in training.
        #expect(try db.value("SELECT production_version FROM pgct.models") == nil)
        #expect(try db.int("SELECT count(*) FROM pgct.deployments") == 0)
        #expect(try db.value("SELECT status FROM pgct.model_versions WHERE version = 1") == "training")

        // A restarted agent takes the job over once the claim expires and finishes it.
        let rescuer = try db.startAgent(["--agent-id", "rescuer"])
        let promoted = try eventually(timeout: 60) {
            try db.value("SELECT production_version FROM pgct.models") != nil
        }
        let result = rescuer.stop()
        #expect(promoted, "not promoted after restart: \(result.stderr)")
        #expect(result.status == 0)
        #expect(try db.value("SELECT status FROM pgct.model_versions WHERE version = 1") == "failed")
        #expect(try db.value("SELECT status FROM pgct.model_versions WHERE version = 2") == "production")
        #expect(try db.int("SELECT count(*) FROM pgct.deployments") == 1)
        #expect(try db.value("SELECT claimed_by FROM pgct.jobs WHERE kind = 'train'") == "rescuer")
    }

    @Test func reconnectsAfterServerRestartAndCatchesUp() throws {
        let cluster = try EmbeddedPostgres.start()
        defer { cluster.stop() }
        let db = try AgentTestDatabase(prefix: "restart", cluster: cluster)
        try db.createPointsModel(options: #"{"min_rows": 20, "monitor_window": 50}"#)
        var data = DemoPoints(seed: 5)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))
        let agent = try db.startAgent()
        #expect(try eventually { try db.value("SELECT production_version FROM pgct.models") == "1" })

        try cluster.restart()
        try db.connection.reset()
        try db.insertPoints(data.line(30, slope: 1.19, intercept: 6.7, noise: 0.5))
        let caughtUp = try eventually(timeout: 60) {
            try db.int("SELECT count(*) FROM pgct.predictions WHERE version = 1") == 30
                && db.int("SELECT count(*) FROM pgct.monitoring WHERE labelled_n = 30") > 0
        }
        let result = agent.stop()
        #expect(caughtUp, "rows inserted after the restart were not predicted and monitored: \(result.stderr)")
        #expect(result.stderr.contains("connection_lost"))
        #expect(result.status == 0)
    }

    @Test func twoAgentsDoEachJobOnce() throws {
        let db = try AgentTestDatabase(prefix: "two_agents")
        try db.createPointsModel(options: #"{"min_rows": 20, "cooldown": "0 seconds", "window": {"last_rows": 100}}"#)
        var data = DemoPoints(seed: 9)
        let first = try db.startAgent(["--agent-id", "a1"])
        let second = try db.startAgent(["--agent-id", "a2"])
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try eventually { try db.value("SELECT production_version FROM pgct.models") == "1" })
        for _ in 0..<5 {
            try db.insertPoints(data.line(20, slope: 1.19, intercept: 6.7, noise: 0.5))
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(try eventually { try db.int("SELECT count(*) FROM pgct.predictions WHERE version = 1") == 100 })
        #expect(try eventually { try db.int("SELECT count(*) FROM pgct.jobs WHERE status IN ('pending', 'running')") == 0 })
        let a = first.stop(), b = second.stop()
        #expect(a.status == 0 && b.status == 0)
        // Each job ran once, one training and one promotion for the one decision.
        #expect(try db.int("SELECT count(*) FROM pgct.jobs WHERE attempts <> 1") == 0)
        #expect(try db.int("SELECT count(*) FROM pgct.model_versions") == 1)
        #expect(try db.int("SELECT count(*) FROM pgct.deployments") == 1)
        #expect(try db.int("SELECT count(*) FROM (SELECT row_id FROM pgct.predictions GROUP BY row_id HAVING count(*) > 1) d") == 0)
    }

    @Test func droppedSourceTableIsReportedAndOtherModelsContinue() throws {
        let db = try AgentTestDatabase(prefix: "dropped")
        try db.createPointsModel(options: #"{"min_rows": 20}"#)
        try db.sql("CREATE TABLE other (id bigserial PRIMARY KEY, x float8, y float8)")
        try db.sql("SELECT pgct.create_model('other', 'other'::regclass, 'y', ARRAY['x'], 'linear', '{\"min_rows\": 20}')")
        var data = DemoPoints(seed: 13)
        try db.insertPoints(data.line(60, slope: 1.19, intercept: 6.7, noise: 0.5))
        try db.insertPoints(data.line(60, slope: 2, intercept: 1, noise: 0.5), table: "other")
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.int("SELECT count(*) FROM pgct.models WHERE production_version = 1") == 2)

        try db.sql("DROP TABLE other")
        try db.insertPoints(data.line(30, slope: 1.19, intercept: 6.7, noise: 0.5))
        let run = try db.pgct(["agent", "--once"])
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        #expect(try db.int("SELECT count(*) FROM pgct.events WHERE event = 'source_unreadable'") >= 1)
        #expect(try db.int("SELECT count(*) FROM pgct.predictions p JOIN pgct.models m ON m.id = p.model_id"
                           + " WHERE m.name = 'points' AND p.version = 1") == 30)
    }
}

