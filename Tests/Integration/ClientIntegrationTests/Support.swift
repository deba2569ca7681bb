import EmbeddedPostgres
import PostgresClient

/// One database per suite, so suites running in parallel never see each other's tables.
func connectToFreshDatabase(_ prefix: String) throws -> PostgresConnection {
    try PostgresConnection(try TestDatabase.createDatabase(prefix: prefix))
}

/// The shared test database's settings (notifications need no tables of their own).
enum TestDatabaseSettings {
    static func shared() throws -> ConnectionSettings { try TestDatabase.settings() }
}
