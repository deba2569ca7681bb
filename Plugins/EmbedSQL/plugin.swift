import Foundation
import PackagePlugin

/// Embeds the extension's SQL scripts from `sql/` into the PGCTExtension module at build time,
/// so that `pgct install` can apply exactly the script that `CREATE EXTENSION` would run,
/// even where the extension files cannot be copied onto the server. `sql/` stays the one source.
@main
struct EmbedSQL: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let sqlDir = context.package.directoryURL.appending(path: "sql")
        let names = try FileManager.default.contentsOfDirectory(atPath: sqlDir.path)
        // The source script, the control file, and the frozen upgrade scripts.
        let inputs = names.filter { name in
            name == "pgct.sql" || name == "pgct.control"
                || (name.hasPrefix("pgct--") && name.hasSuffix(".sql") && name.dropFirst(6).contains("--"))
        }.sorted().map { sqlDir.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSQL.swift")
        return [
            .buildCommand(
                displayName: "Embedding the extension's SQL scripts",
                executable: try context.tool(named: "EmbedSQLTool").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
