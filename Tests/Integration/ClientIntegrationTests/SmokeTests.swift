import Foundation
import Testing
import PostgresClient
import EmbeddedPostgres

@Suite(.serialized) struct SmokeTests {
    @Test func connectAndSelect() throws {
        let connection = try PostgresConnection(try TestDatabase.settings())
        let result = try connection.query("SELECT $1::int + 1 AS n, 'é' AS t", [.int(41)])
        #expect(try result.rows[0].int("n") == 42)
        print(connection.serverVersion)
    }
}
