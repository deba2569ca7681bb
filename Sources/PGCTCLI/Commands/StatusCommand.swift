import Foundation
import PostgresClient

/// `pgct status`: the `pgct.status` view as an aligned table, what an admin sees in psql.
enum StatusCommand {
    static let command = PGCTCommand(
        CommandSpec(
            name: "status",
            abstract: "Show every model: production version, test and live metrics, last decision, state.",
            options: [dsnOption])
    ) { arguments in
        let connection = try PostgresConnection(ConnectionSettings(dsn: arguments.value("dsn")))
        let rows = try withExtensionCheck { try connection.query(query).rows }
        guard !rows.isEmpty else {
            print("no models yet: create one with SELECT pgct.create_model('name', 'table', 'target', ARRAY['feature', ...]);")
            return 0
        }
        print(try table(rows).rendered)
        return 0
    }

    static let query = """
        SELECT model, source::text AS source, algorithm, production_version, test_r2, test_mae,
               live_r2, live_mae, live_n, last_decision,
               to_char(monitored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS monitored_at,
               rows_since_promotion, pending_jobs, state
        FROM pgct.status ORDER BY model
        """

    static func table(_ rows: [Row]) throws -> TextTable {
        let header = ["MODEL", "SOURCE", "ALGORITHM", "PRODUCTION", "TEST R²", "TEST MAE", "LIVE R²", "LIVE MAE",
                      "LIVE N", "LAST DECISION", "MONITORED (UTC)", "SERVED", "JOBS", "STATE"]
        return TextTable(header: header, rows: try rows.map { row in
            [try row.string("model") ?? "", try row.string("source") ?? "", try row.string("algorithm") ?? "",
             try row.int("production_version").map { "v\($0)" } ?? "-",
             number(try row.double("test_r2")), number(try row.double("test_mae")),
             number(try row.double("live_r2")), number(try row.double("live_mae")),
             try row.string("live_n") ?? "-", try row.string("last_decision") ?? "-",
             try row.string("monitored_at") ?? "-", try row.string("rows_since_promotion") ?? "0",
             try row.string("pending_jobs") ?? "0", try row.string("state") ?? ""]
        })
    }

    /// Four significant digits, as psql users read metrics; "-" when absent.
    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value.isFinite ? String(format: "%.4g", value) : "\(value)"
    }
}
