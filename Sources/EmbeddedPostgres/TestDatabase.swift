import Foundation
import PostgresClient

/// The database integration tests use: `PGCT_TEST_DSN` when set, otherwise one throwaway
/// cluster shared by the whole test process (started on first use, stopped at exit).
public enum TestDatabase {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var cluster: EmbeddedPostgres?
        var counter = 0
    }
    private static let state = State()

    /// Where tests connect: `PGCT_TEST_DSN`, or the shared throwaway cluster's `postgres` db.
    public static func settings() throws -> ConnectionSettings {
        if let dsn = ProcessInfo.processInfo.environment["PGCT_TEST_DSN"], !dsn.isEmpty {
            return ConnectionSettings(dsn: dsn, environment: [:])
        }
        return try sharedCluster().settings
    }

    /// The shared throwaway cluster (started if needed); nil when `PGCT_TEST_DSN` is set.
    public static func cluster() throws -> EmbeddedPostgres? {
        if let dsn = ProcessInfo.processInfo.environment["PGCT_TEST_DSN"], !dsn.isEmpty { return nil }
        return try sharedCluster()
    }

    /// A new, empty database for one test suite, so suites running in parallel do not see each
    /// other's tables. The name is `prefix` plus the process id and a counter; a leftover of
    /// the same name (from an earlier run against `PGCT_TEST_DSN`) is dropped first.
    public static func createDatabase(prefix: String) throws -> ConnectionSettings {
        let base = try settings()
        let name = state.lock.withLock { () -> String in
            state.counter += 1
            return "\(prefix)_\(getpid())_\(state.counter)"
        }
        let connection = try PostgresConnection(base)
        defer { connection.close() }
        let quoted = try connection.quoteIdentifier(name)
        try connection.simpleQuery("DROP DATABASE IF EXISTS \(quoted)")
        try connection.simpleQuery("CREATE DATABASE \(quoted)")
        return base.with("dbname", name)
    }

    private static func sharedCluster() throws -> EmbeddedPostgres {
        try state.lock.withLock {
            if let cluster = state.cluster { return cluster }
            let cluster = try EmbeddedPostgres.start(.init(serverSettings: ["max_connections": "200"]))
            state.cluster = cluster
            return cluster
        }
    }
}
