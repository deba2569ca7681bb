import Foundation
import PGCTReport
import PostgresClient

/// `pgct report MODEL --out FILE.html`: one self-contained HTML page about a model.
enum ReportCommand {
    static let command = PGCTCommand(
        CommandSpec(
            name: "report",
            abstract: "Write a self-contained HTML report of a model (charts, coefficients, drift, history).",
            positionals: [("model", "The model's name.")],
            options: [
                dsnOption,
                .value("out", "file.html", "Where to write the report (required)."),
                .value("sample", "rows", "Labelled predictions drawn in predicted vs actual (default: 2000)."),
            ],
            discussion: """
                The page has inline CSS and SVG, no scripts and no external references: open it
                offline, mail it, archive it. Exit status 1 when the model does not exist.
                """)
    ) { arguments in
        guard let out = arguments.value("out"), !out.isEmpty else {
            throw UsageError("--out <file.html> is required")
        }
        let sample = try arguments.integer("sample") ?? 2000
        guard sample >= 1 else { throw UsageError("--sample must be at least 1") }
        let connection = try PostgresConnection(ConnectionSettings(dsn: arguments.value("dsn")))
        let data = try withExtensionCheck { try ReportLoader.load(model: arguments.positionals[0], on: connection,
                                                                  sampleSize: sample) }
        try write(data, to: out)
        print("report of \(data.model.name) written to \(out)")
        return 0
    }

    /// Renders `data` and writes it to `path`, creating missing parent directories.
    static func write(_ data: ReportData, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(ReportRenderer.html(data).utf8).write(to: url, options: .atomic)
    }
}

/// Turns "relation pgct.… does not exist" into the advice a user needs.
func withExtensionCheck<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PostgresError where error.sqlState == .undefinedTable || error.sqlState == .invalidSchemaName
        || error.sqlState == .undefinedFunction {
        throw ExtensionMissingError(underlying: error.message)
    }
}

/// The database has no pgct, or an older one: say how to install or upgrade it.
struct ExtensionMissingError: Error, CustomStringConvertible {
    let underlying: String
    var description: String {
        "pgct is missing or older than this command in this database (\(underlying)): install or upgrade it with 'pgct install'"
    }
}
