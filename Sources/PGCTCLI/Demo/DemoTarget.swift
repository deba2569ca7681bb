import EmbeddedPostgres
import Foundation
import PGCTExtension
import PostgresClient

/// Where the demo plays its story: a throwaway cluster of its own (the default), or its own
/// schema in a database the user names with `--dsn`, removed afterwards unless `--keep`.
final class DemoTarget: @unchecked Sendable {
    /// The schema the demo creates in an existing database.
    static let schema = "pgct_demo"

    let settings: ConnectionSettings
    /// The source table's schema and name.
    let schema: String
    let tableName: String
    let modelName: String
    let cluster: EmbeddedPostgres?
    let keep: Bool

    private init(settings: ConnectionSettings, schema: String, tableName: String, modelName: String,
                 cluster: EmbeddedPostgres?, keep: Bool) {
        self.settings = settings
        self.schema = schema
        self.tableName = tableName
        self.modelName = modelName
        self.cluster = cluster
        self.keep = keep
    }

    /// Starts a throwaway cluster (signals are the demo's to handle) and installs pgct in it.
    static func embedded(keep: Bool, output: DemoOutput) throws -> DemoTarget {
        let start = Date()
        let cluster = try EmbeddedPostgres.start(EmbeddedPostgres.Options(installSignalHandlers: false))
        let connection = try PostgresConnection(cluster.settings)
        defer { connection.close() }
        let version = connection.serverVersion
        output.line(String(format: "setup  │ throwaway PostgreSQL %d.%d on 127.0.0.1:%d, started in %.1f s",
                           version / 10000, version % 10000, cluster.port, Date().timeIntervalSince(start)))
        output.line("setup  │ cluster files in \(cluster.baseDirectory) (deleted at the end, Ctrl-C included)")
        // The script embedded in this binary, applied directly: the demo plays exactly the SQL
        // it was built with, whatever extension files (of whichever build) the server has.
        output.line("setup  │ " + "\(try ExtensionInstaller.install(on: connection, forceDirect: true))")
        return DemoTarget(settings: cluster.settings, schema: "public", tableName: "points", modelName: "points",
                          cluster: cluster, keep: keep)
    }

    /// Uses the database `settings` point to: pgct installed if missing, the demo's own schema.
    static func existing(_ settings: ConnectionSettings, keep: Bool, output: DemoOutput) throws -> DemoTarget {
        let connection = try PostgresConnection(settings)
        defer { connection.close() }
        output.line("setup  │ database \(settings.redactedDescription)")
        if try ExtensionInstaller.presence(on: connection).installedVersion == nil {
            output.line("setup  │ " + "\(try ExtensionInstaller.install(on: connection))")
        }
        let modelName = "\(schema)_points"
        if try connection.query("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", [.text(schema)]).rows.first != nil
            || connection.query("SELECT 1 FROM pgct.models WHERE name = $1 AND dropped_at IS NULL", [.text(modelName)]).rows.first != nil {
            throw DemoSetupError(
                "schema \(schema) or model \(modelName) already exists (an earlier 'pgct demo --keep'?). Remove them with:\n"
                + "  SELECT pgct.drop_model('\(modelName)', false); DROP SCHEMA \(schema) CASCADE;")
        }
        let others = try connection.query("SELECT count(*) AS n FROM pgct.models WHERE dropped_at IS NULL").rows.first?.int("n") ?? 0
        if others > 0 {
            output.line("setup  │ note: while the demo runs, its agent also serves the \(others) other model(s) of this database")
        }
        try connection.execute("CREATE SCHEMA " + connection.quoteIdentifier(schema))
        return DemoTarget(settings: settings, schema: schema, tableName: "points", modelName: modelName,
                          cluster: nil, keep: keep)
    }

    /// The source table's name, quoted for SQL.
    func qualifiedTable(_ connection: PostgresConnection) throws -> String {
        try connection.quoteIdentifier(schema) + "." + connection.quoteIdentifier(tableName)
    }

    /// Removes what the demo created: the model and schema (existing database), or the whole cluster.
    func cleanUp(output: DemoOutput) {
        if let cluster {
            cluster.stop()
            output.line("done   │ throwaway cluster stopped and deleted")
            return
        }
        if keep {
            output.line("done   │ kept: model \(modelName) and schema \(schema) (--keep). Remove them with:")
            output.plain("           SELECT pgct.drop_model('\(modelName)', false); DROP SCHEMA \(schema) CASCADE;")
            return
        }
        do {
            let connection = try PostgresConnection(settings)
            defer { connection.close() }
            try connection.execute("SELECT pgct.drop_model(name, false) FROM pgct.models WHERE name = $1 AND dropped_at IS NULL",
                                   [.text(modelName)])
            try connection.execute("DROP SCHEMA IF EXISTS " + connection.quoteIdentifier(schema) + " CASCADE")
            output.line("done   │ model \(modelName) and schema \(schema) dropped")
        } catch {
            output.line("done   │ could not remove the demo's model and schema: \(error)")
        }
    }
}

/// The demo could not set itself up (exit status 1, message as is).
struct DemoSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
