import EmbeddedPostgres
import Foundation
import PGCTExtension
@testable import PGCTCLI
import PostgresClient

/// A fresh database with the extension installed, for one agent test, on the shared throwaway
/// cluster (or `PGCT_TEST_DSN`), or on a cluster of the test's own (for server restarts).
final class AgentTestDatabase: @unchecked Sendable {
    let settings: ConnectionSettings
    let connection: PostgresConnection

    /// `direct`: apply the script embedded in this build instead of CREATE EXTENSION from the
    /// server's extension files, which may come from another build.
    init(prefix: String, cluster: EmbeddedPostgres? = nil, direct: Bool = false) throws {
        if let cluster {
            settings = try cluster.createDatabase(prefix)
        } else {
            settings = try TestDatabase.createDatabase(prefix: prefix)
        }
        connection = try PostgresConnection(settings)
        try ExtensionInstaller.install(on: connection, forceDirect: direct)
    }

    @discardableResult
    func sql(_ query: String, _ parameters: [PostgresValue] = []) throws -> QueryResult {
        try connection.query(query, parameters)
    }

    func value(_ query: String, _ parameters: [PostgresValue] = []) throws -> String? {
        try connection.query(query, parameters).rows.first?[0]
    }

    func int(_ query: String, _ parameters: [PostgresValue] = []) throws -> Int {
        Int(try value(query, parameters) ?? "0") ?? 0
    }

    /// PG* variables that point a child process at this database (no DSN text is built).
    var environment: [String: String] { pgEnvironment(settings) }

    /// Creates the seed's `points` table and a model on it.
    func createPointsModel(name: String = "points", options: String) throws {
        try sql("CREATE TABLE points (id bigserial PRIMARY KEY, x float8, y float8, label text,"
                + " created_at timestamptz NOT NULL DEFAULT now())")
        try sql("SELECT pgct.create_model($1, 'points'::regclass, 'y', ARRAY['x'], 'linear', $2::jsonb)",
                [.text(name), .json(options)])
    }

    /// Inserts (x, y) rows in one statement (y nil = not labelled yet).
    func insertPoints(_ points: [(x: Double, y: Double?)], table: String = "points") throws {
        guard !points.isEmpty else { return }
        try sql("INSERT INTO \(try connection.quoteIdentifier(table)) (x, y) SELECT * FROM unnest($1::float8[], $2::float8[])",
                [.doubleArray(points.map { $0.x }), .doubleArray(points.map { $0.y })])
    }

    /// Runs the `pgct` executable as a user would, against this database.
    func pgct(_ arguments: [String], timeout: Double = 180) throws -> CommandResult {
        try PGCTProcess.run(arguments, environment: environment, timeout: timeout)
    }

    /// Starts `pgct agent` in the background against this database.
    func startAgent(_ arguments: [String] = []) throws -> PGCTProcess {
        try PGCTProcess(["agent", "--poll-interval", "0.5", "--log-level", "debug"] + arguments, environment: environment)
    }
}

/// PG* variables that point a child process at the database of `settings`.
func pgEnvironment(_ settings: ConnectionSettings) -> [String: String] {
    var environment: [String: String] = [:]
    for (keyword, variable) in [("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("dbname", "PGDATABASE")] {
        if let value = settings.parameters[keyword] { environment[variable] = value }
    }
    return environment
}

/// What a finished `pgct` process printed.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `pgct` executable built next to the tests, run as a child process.
final class PGCTProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()

    static var executable: URL {
        get throws {
            let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            var candidates = [besideTests.appendingPathComponent("pgct"),
                              besideTests.deletingLastPathComponent().appendingPathComponent("pgct")]
            // The package root, from this file's path, and its default build folder.
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(root.appendingPathComponent(".build/debug/pgct"))
            if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
                return found
            }
            throw AgentTestError("the pgct executable was not found beside the tests; run 'swift build' (make test does)")
        }
    }

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = try Self.executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["DATABASE_URL", "PGSERVICE", "PGPASSWORD"] { env.removeValue(forKey: key) }
        process.environment = env.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stdoutData.append(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stderrData.append(data) }
        }
        try process.run()
    }

    var stdout: String { lock.withLock { String(decoding: stdoutData, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }

    /// Waits for the process to end (killing it after `timeout` seconds) and returns its output.
    func finish(timeout: Double = 180) -> CommandResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.05)  // let the pipes drain
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        lock.withLock {
            stdoutData.append(output.fileHandleForReading.readDataToEndOfFile())
            stderrData.append(errors.fileHandleForReading.readDataToEndOfFile())
        }
        return CommandResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Sends `signal` and waits for the process to end.
    func stop(signal: Int32 = SIGTERM, timeout: Double = 30) -> CommandResult {
        if process.isRunning { kill(process.processIdentifier, signal) }
        return finish(timeout: timeout)
    }

    static func run(_ arguments: [String], environment: [String: String], timeout: Double) throws -> CommandResult {
        try PGCTProcess(arguments, environment: environment).finish(timeout: timeout)
    }
}

struct AgentTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` seconds pass; returns whether it held.
func eventually(timeout: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
}

extension DemoPoints {
    /// Test rows from the demo's generator: `count` points near y = slope·x + intercept + noise,
    /// x spread evenly over [0, 10].
    mutating func line(_ count: Int, slope: Double, intercept: Double, noise: Double) -> [(x: Double, y: Double?)] {
        let points = line(count, slope: slope, intercept: intercept, noise: noise, xRange: 0...10)
        return zip(points.x, points.y).map { ($0, $1) }
    }
}
