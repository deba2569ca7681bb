import Foundation
import Testing
@testable import PostgresClient

@Suite struct ConnectionSettingsTests {
    let environment = [
        "DATABASE_URL": "postgresql://app:urlSecret99@db.example:6543/appdb",
        "PGHOST": "pghost.example", "PGPORT": "5433", "PGUSER": "pguser",
        "PGDATABASE": "pgdb", "PGPASSWORD": "envSecret77",
    ]

    @Test func explicitDSNWinsOverEverything() throws {
        let settings = ConnectionSettings(dsn: "host=explicit.example dbname=x", environment: environment)
        #expect(settings.source == .dsn)
        #expect(settings.connectionString == "host=explicit.example dbname=x")
        #expect(settings.parameters.isEmpty)
        let resolved = try settings.resolvedParameters()
        #expect(resolved["host"] == "explicit.example")
        #expect(resolved["dbname"] == "x")
    }

    @Test func databaseURLWinsOverPGVariables() throws {
        let settings = ConnectionSettings(dsn: nil, environment: environment)
        #expect(settings.source == .databaseURL)
        let resolved = try settings.resolvedParameters()
        #expect(resolved["host"] == "db.example")
        #expect(resolved["port"] == "6543")
        #expect(resolved["user"] == "app")
        #expect(resolved["dbname"] == "appdb")
    }

    @Test func emptyDSNAndURLFallThrough() throws {
        var env = environment
        env["DATABASE_URL"] = "  "
        let settings = ConnectionSettings(dsn: "", environment: env)
        #expect(settings.source == .environment)
        #expect(settings.connectionString == nil)
        #expect(settings.parameters["host"] == "pghost.example")
        #expect(settings.parameters["port"] == "5433")
        #expect(settings.parameters["user"] == "pguser")
        #expect(settings.parameters["dbname"] == "pgdb")
        #expect(settings.parameters["password"] == "envSecret77")
    }

    @Test func nothingSetLeavesLibpqDefaults() {
        let settings = ConnectionSettings(dsn: nil, environment: ["HOME": "/root"])
        #expect(settings.source == .environment)
        #expect(settings.parameters.isEmpty)
        #expect(settings.redactedDescription.contains("libpq defaults"))
    }

    @Test func keywordOverridesApplyAfterTheConnectionString() throws {
        let settings = ConnectionSettings(dsn: "postgresql://u@h:1/first", environment: [:])
            .with("dbname", "second")
        #expect(try settings.resolvedParameters()["dbname"] == "second")
        #expect(settings.redactedDescription.contains("dbname=second"))
    }

    @Test(arguments: [
        "postgresql://alice:Sup3r%2FSecret@db.example:5432/prod?sslmode=require",
        "host=db.example port=5432 user=alice password='Sup3r/Secret' dbname=prod",
        "postgres://alice@db.example/prod?password=Sup3r/Secret",
    ])
    func passwordNeverPrinted(dsn: String) throws {
        let settings = ConnectionSettings(dsn: dsn, environment: [:])
        #expect(try settings.resolvedParameters()["password"] == "Sup3r/Secret")
        let texts = [settings.redactedDescription, settings.description, settings.debugDescription,
                     String(reflecting: settings), "\(settings)", dumped(settings)]
        for text in texts {
            #expect(!text.contains("Sup3r"), "leaked in: \(text)")
            #expect(text.contains("db.example"))
        }
        #expect(settings.redactedDescription.contains("user=alice"))
    }

    @Test func passwordFromEnvironmentNeverPrinted() {
        let settings = ConnectionSettings(dsn: nil, environment: ["PGHOST": "h", "PGPASSWORD": "envSecret77"])
        #expect(!settings.redactedDescription.contains("envSecret77"))
        #expect(!dumped(settings).contains("envSecret77"))
    }

    @Test func malformedConnectionStringErrorHidesPassword() {
        let settings = ConnectionSettings(dsn: "postgresql://bob:Hidden%zzPass@host/db", environment: [:])
        let error = #expect(throws: PostgresError.self) { try settings.resolvedParameters() }
        #expect(error?.kind == .connection)
        #expect(error.map { !$0.description.contains("Hidden") } ?? false)
        #expect(!settings.redactedDescription.contains("Hidden"))
    }

    @Test func secretsIncludeRawAndDecodedURIPasswords() {
        let settings = ConnectionSettings(dsn: "postgresql://u:a%40b@h/d", environment: [:])
        #expect(settings.secrets.contains("a%40b"))
        #expect(settings.secrets.contains("a@b"))
    }

    private func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
