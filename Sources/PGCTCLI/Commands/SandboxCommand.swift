import EmbeddedPostgres
import Foundation
import PGCTExtension
import PostgresClient

/// `pgct sandbox -- COMMAND`: runs a command against a throwaway PostgreSQL cluster.
/// The Makefile runs the SQL regression tests this way, with the same cluster code as the
/// Swift tests, the demo and the benchmarks.
enum SandboxCommand {
    static let command = PGCTCommand(
        CommandSpec(
            name: "sandbox",
            abstract: "Run a command against a throwaway PostgreSQL cluster, then delete it.",
            options: [
                .flag("install", "Install the pgct extension in the sandbox's database first."),
                .flag("fsync", "Keep fsync on (off by default: the data is thrown away)."),
            ],
            takesTrailingCommand: true,
            discussion: """
                The command runs with PGHOST, PGPORT, PGUSER and PGDATABASE set to the sandbox
                (superuser 'postgres', database 'postgres'); its exit status is pgct's.
                Example: pgct sandbox -- make -C sql installcheck
                """)
    ) { arguments in
        var options = EmbeddedPostgres.Options()
        options.fsync = arguments.flag("fsync")
        let cluster = try EmbeddedPostgres.start(options)
        defer { cluster.stop() }
        if arguments.flag("install") {
            let connection = try PostgresConnection(cluster.settings)
            print(try ExtensionInstaller.install(on: connection))
        }
        return try runChild(arguments.trailing, environment: cluster.environment)
    }

    /// Runs `command` with the parent's stdio and `environment` added; returns its exit status.
    static func runChild(_ command: [String], environment: [String: String]) throws -> Int32 {
        fflush(nil)  // what pgct printed comes before the child's output
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        try process.run()
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }
}
