import EmbeddedPostgres
import Foundation
@testable import PGCTExtension
import PostgresClient
import Testing

/// `pgct install`, `pgct doctor` and usage errors, run as a user would run them.
@Suite(.serialized) struct CLICommandTests {
    /// A database without the extension, and the PG* variables that point at it.
    func emptyDatabase(_ prefix: String) throws -> (settings: ConnectionSettings, environment: [String: String]) {
        let settings = try TestDatabase.createDatabase(prefix: prefix)
        return (settings, pgEnvironment(settings))
    }

    @Test func doctorFailsWithoutTheExtensionThenInstallFixesIt() throws {
        let (settings, environment) = try emptyDatabase("doctor")
        var run = try PGCTProcess.run(["doctor"], environment: environment, timeout: 60)
        #expect(run.status == 1)
        #expect(run.stdout.contains("pgct installed   FAIL"))
        #expect(run.stdout.contains("LAPACK           ok"))

        run = try PGCTProcess.run(["install"], environment: environment, timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("created extension pgct"))
        run = try PGCTProcess.run(["install"], environment: environment, timeout: 60)
        #expect(run.stdout.contains("already installed"))

        run = try PGCTProcess.run(["doctor"], environment: environment, timeout: 60)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("(extension)"))
        let connection = try PostgresConnection(settings)
        #expect(try connection.query("SELECT extversion FROM pg_extension WHERE extname = 'pgct'").rows.count == 1)
    }

    @Test func directInstallAppliesTheSameScriptWithoutExtensionFiles() throws {
        let (settings, environment) = try emptyDatabase("direct")
        let run = try PGCTProcess.run(["install", "--direct"], environment: environment, timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("applied the pgct"))
        let connection = try PostgresConnection(settings)
        #expect(try connection.query("SELECT count(*) FROM pg_extension WHERE extname = 'pgct'").rows.first?[0] == "0")
        // The directly applied schema works: a model can be created on it.
        try connection.execute("CREATE TABLE t (id int PRIMARY KEY, x float8, y float8)")
        try connection.execute("SELECT pgct.create_model('t', 't', 'y', ARRAY['x'])")
        let doctor = try PGCTProcess.run(["doctor"], environment: environment, timeout: 60)
        #expect(doctor.status == 0)
        #expect(doctor.stdout.contains("(applied directly)"))
        let again = try PGCTProcess.run(["install"], environment: environment, timeout: 60)
        #expect(again.stdout.contains("already installed (applied directly)"))
    }

    @Test func directInstallOfAReleasedVersionIsUpgradedByInstall() throws {
        // The frozen 0.1.0 script, applied the way `pgct install` applied it on a managed server.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let released = try String(contentsOf: root.appendingPathComponent("sql/pgct--0.1.0.sql"), encoding: .utf8)
        let (settings, environment) = try emptyDatabase("direct_upgrade")
        let connection = try PostgresConnection(settings)
        try ExtensionInstaller.applyDirectly(ExtensionScripts.directScript(released), version: "0.1.0", on: connection)
        #expect(try ExtensionInstaller.presence(on: connection).installedVersion == "0.1.0")

        let run = try PGCTProcess.run(["install"], environment: environment, timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("upgraded the directly applied pgct 0.1.0 → \(ExtensionScripts.defaultVersion)"))
        let presence = try ExtensionInstaller.presence(on: connection)
        #expect(presence.installedVersion == ExtensionScripts.defaultVersion && presence.direct)
    }

    @Test func installUpdatesAnOlderExtension() throws {
        let (settings, environment) = try emptyDatabase("ext_upgrade")
        let connection = try PostgresConnection(settings)
        try connection.execute("CREATE EXTENSION pgct VERSION '0.1.0'")
        let run = try PGCTProcess.run(["install"], environment: environment, timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("updated extension pgct 0.1.0 → \(ExtensionScripts.defaultVersion)"))
        #expect(try connection.query("SELECT extversion FROM pg_extension WHERE extname = 'pgct'").rows.first?[0]
                == ExtensionScripts.defaultVersion)
    }

    @Test func agentExplainsAMissingExtension() throws {
        let (_, environment) = try emptyDatabase("agent_no_ext")
        let run = try PGCTProcess.run(["agent", "--once"], environment: environment, timeout: 60)
        #expect(run.status == 1)
        #expect(run.stderr.contains("pgct is not installed in this database: run 'pgct install'"))
    }

    @Test func connectionRefusedIsAClearFailure() throws {
        // A port nothing listens on: the error names the target, never a password.
        let run = try PGCTProcess.run(["doctor", "--dsn", "postgresql://someone:s3cret@127.0.0.1:1/db"],
                                      environment: [:], timeout: 60)
        #expect(run.status == 1)
        let line = run.stdout.split(separator: "\n").first { $0.hasPrefix("connection") }
        #expect(line?.contains("FAIL") == true, "\(run.stdout)")
        #expect(line?.contains("127.0.0.1") == true)
        #expect(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"))
    }

    @Test func usageErrorsExitTwo() throws {
        for arguments in [["frobnicate"], ["train"], ["agent", "--poll-interval", "soon"], ["doctor", "--nope"]] {
            let run = try PGCTProcess.run(arguments, environment: [:], timeout: 30)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("pgct: error:"))
        }
        let help = try PGCTProcess.run(["train", "--help"], environment: [:], timeout: 30)
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: pgct train <model>"))
    }
}
