import Foundation
import Testing
import PostgresClient
@testable import EmbeddedPostgres

/// Each test starts its own cluster: these tests stop, restart and kill servers.
@Suite(.serialized) struct EmbeddedPostgresTests {
    @Test func clusterIsGoneAfterStop() throws {
        let cluster = try EmbeddedPostgres.start()
        let pid = try #require(cluster.serverProcessID)
        #expect(cluster.isRunning)
        #expect(FileManager.default.fileExists(atPath: cluster.dataDirectory + "/PG_VERSION"))
        let connection = try PostgresConnection(cluster.settings)
        #expect(connection.serverVersion >= 150000)
        #expect(try connection.query("SHOW fsync").first?["fsync"] == "off")
        #expect(try connection.query("SHOW server_encoding").first?["server_encoding"] == "UTF8")
        connection.close()

        cluster.stop()
        #expect(!cluster.isRunning)
        #expect(!EmbeddedPostgres.processIsAlive(pid))
        #expect(!FileManager.default.fileExists(atPath: cluster.baseDirectory))
        cluster.stop()  // idempotent
    }

    @Test func dsnEnvironmentAndCreateDatabase() throws {
        let cluster = try EmbeddedPostgres.start(.init(serverSettings: ["max_connections": "37", "application_name": "it's"]))
        defer { cluster.stop() }
        let viaDSN = try PostgresConnection(ConnectionSettings(dsn: cluster.dsn, environment: [:]))
        #expect(try viaDSN.query("SHOW max_connections").first?["max_connections"] == "37")
        let viaEnvironment = try PostgresConnection(ConnectionSettings(dsn: nil, environment: cluster.environment))
        #expect(try viaEnvironment.query("SELECT current_user AS u").first?["u"] == "postgres")
        let settings = try cluster.createDatabase("Mixed Case-db")
        let inNew = try PostgresConnection(settings)
        #expect(try inNew.query("SELECT current_database() AS d").first?["d"] == "Mixed Case-db")
        // Through the unix socket directory as well.
        let viaSocket = try PostgresConnection(ConnectionSettings(parameters: [
            "host": cluster.socketDirectory, "port": String(cluster.port), "user": "postgres", "dbname": "postgres"]))
        #expect(viaSocket.isConnected)
    }

    @Test func restartKeepsDataAndClientsReconnect() throws {
        let cluster = try EmbeddedPostgres.start()
        defer { cluster.stop() }
        let connection = try PostgresConnection(cluster.settings)
        try connection.execute("CREATE TABLE kept (n int)")
        try connection.execute("INSERT INTO kept VALUES (7)")
        try cluster.restart()
        #expect(cluster.isRunning)
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.isConnectionError == true)
        try connection.reset()
        #expect(try connection.query("SELECT n FROM kept").first?.int("n") == 7)

        try cluster.stopServer()
        #expect(!cluster.isRunning)
        #expect(throws: PostgresError.self) { try PostgresConnection(cluster.settings) }
        try cluster.startServer()
        try connection.reset()
        #expect(try connection.query("SELECT n FROM kept").first?.int("n") == 7)
    }

    @Test func watchdogCleansUpWhenItsOwnerIsKilled() throws {
        let cluster = try EmbeddedPostgres.start(.init(watchdog: false))
        defer { cluster.stop() }
        let serverPID = try #require(cluster.serverProcessID)
        // Stand-in owner: the watchdog watches this child as it would watch the test process.
        let owner = try Spawn.start(["/bin/sleep", "60"], environment: [:])
        let watchdog = try #require(cluster.spawnWatchdog(owner: owner))
        kill(owner, SIGKILL)
        _ = Spawn.wait(owner)  // reaped, so the pid is really gone
        #expect(Spawn.wait(watchdog) == 0)  // the watchdog exits once it has cleaned up
        #expect(!EmbeddedPostgres.processIsAlive(serverPID))
        #expect(!FileManager.default.fileExists(atPath: cluster.baseDirectory))
    }

    /// Not a test on its own: the body of the child process `sigtermStopsTheClusterAndEndsTheProcess` starts.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PGCT_SIGNAL_HELPER_FILE"] != nil))
    func signalHelper() throws {
        let file = try #require(ProcessInfo.processInfo.environment["PGCT_SIGNAL_HELPER_FILE"])
        // No watchdog: only the signal handler can clean up here.
        let cluster = try EmbeddedPostgres.start(.init(watchdog: false))
        let pid = try #require(cluster.serverProcessID)
        try "\(cluster.baseDirectory)\n\(pid)\n".write(toFile: file, atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: 120)
    }

    @Test func sigtermStopsTheClusterAndEndsTheProcess() throws {
        let file = NSTemporaryDirectory() + "pgct-signal-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var environment = ProcessInfo.processInfo.environment
        environment["PGCT_SIGNAL_HELPER_FILE"] = file
        let child = try Spawn.start([CommandLine.arguments[0], "--testing-library", "swift-testing",
                                     "--filter", "signalHelper"], environment: environment)
        var report: [String] = []
        for _ in 0..<600 where report.count < 2 {  // the child needs a second or two to start
            Thread.sleep(forTimeInterval: 0.1)
            report = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        guard report.count == 2, let serverPID = Int32(report[1]) else {
            kill(child, SIGKILL)
            _ = Spawn.wait(child)
            Issue.record("the helper process never reported its cluster")
            return
        }
        #expect(EmbeddedPostgres.processIsAlive(serverPID))
        kill(child, SIGTERM)
        #expect(Spawn.wait(child) == 128 + SIGTERM)  // ended by the signal, as the sender asked
        #expect(!EmbeddedPostgres.processIsAlive(serverPID))
        #expect(!FileManager.default.fileExists(atPath: report[0]))
    }

    @Test func testDatabaseIsSharedAndUsable() throws {
        let first = try TestDatabase.settings()
        let second = try TestDatabase.settings()
        #expect(first == second)
        let connection = try PostgresConnection(try TestDatabase.createDatabase(prefix: "pgct_shared_check"))
        #expect(try connection.query("SELECT current_database() AS d").first?.string("d")?.hasPrefix("pgct_shared_check_") == true)
    }
}
