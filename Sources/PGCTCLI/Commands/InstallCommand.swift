import PGCTExtension
import PostgresClient

/// `pgct install`: installs or upgrades the extension in the target database.
enum InstallCommand {
    static let command = PGCTCommand(
        CommandSpec(
            name: "install",
            abstract: "Install or upgrade the pgct extension in a database.",
            options: [
                dsnOption,
                .flag("direct", "Apply the embedded SQL script even if the extension files are installed on the server."),
            ],
            discussion: """
                Runs CREATE EXTENSION pgct (or ALTER EXTENSION pgct UPDATE) when the server has the
                extension files ('make -C sql install'); otherwise applies the same script, embedded
                in this binary, directly in one transaction (for managed PostgreSQL).
                """)
    ) { arguments in
        let connection = try PostgresConnection(ConnectionSettings(dsn: arguments.value("dsn")))
        let outcome = try ExtensionInstaller.install(on: connection, forceDirect: arguments.flag("direct"))
        print(outcome)
        return 0
    }
}
