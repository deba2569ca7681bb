import Foundation
import Testing
import PostgresClient
import EmbeddedPostgres

@Suite(.serialized) struct ConnectionFaultTests {
    @Test func connectionRefusedIsAClearErrorWithoutThePassword() throws {
        // Port 1 on loopback: nothing listens there, the kernel refuses at once.
        let settings = ConnectionSettings(dsn: "postgresql://ghost:NoLeak%21pw@127.0.0.1:1/none?connect_timeout=5",
                                          environment: [:])
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(settings) }
        #expect(error?.kind == .connection)
        #expect(error?.isConnectionError == true)
        let text = error?.description ?? ""
        #expect(text.contains("127.0.0.1"))
        #expect(text.contains("refused"))
        #expect(!text.contains("NoLeak"))
    }

    @Test func droppedConnectionIsDetectedAndResetReconnects() throws {
        let settings = try TestDatabase.settings()
        let victim = try PostgresConnection(settings)
        let admin = try PostgresConnection(settings)
        let oldPID = victim.backendPID
        #expect(try admin.query("SELECT pg_terminate_backend($1::int4) AS ok", [.int(Int64(oldPID))]).first?.bool("ok") == true)

        let error = #expect(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(error?.isConnectionError == true)
        #expect(!victim.isConnected)

        try victim.reset()
        #expect(victim.isConnected)
        #expect(victim.backendPID != oldPID)
        #expect(try victim.query("SELECT 1 AS one").first?.int("one") == 1)
        // Session settings are back after the reset.
        #expect(try victim.query("SHOW TimeZone").first?["TimeZone"] == "UTC")
    }

    @Test func listenerNoticesDropWhileWaitingAndListensAgainAfterReset() throws {
        let settings = try TestDatabase.settings()
        let listener = try PostgresConnection(settings)
        let admin = try PostgresConnection(settings)
        let channel = "fault_\(UUID().uuidString)"
        try listener.listen(channel)
        try admin.execute("SELECT pg_terminate_backend($1::int4)", [.int(Int64(listener.backendPID))])

        let error = #expect(throws: PostgresError.self) { _ = try listener.waitForNotification(timeout: 5) }
        #expect(error?.isConnectionError == true)

        try listener.reset()
        try admin.notify(channel, payload: "after reset")
        #expect(try listener.waitForNotification(timeout: 2)?.payload == "after reset")
    }

    @Test func cancelInterruptsARunningStatement() throws {
        let connection = try PostgresConnection(try TestDatabase.settings())
        final class Flag: @unchecked Sendable {
            private let lock = NSLock()
            private var value = false
            var isSet: Bool { lock.withLock { value } }
            func set() { lock.withLock { value = true } }
        }
        let finished = Flag()
        // From another thread, as the agent's stop would: keep asking until the statement has
        // returned, since a request that lands before pg_sleep starts cancels nothing.
        Thread.detachNewThread {
            while !finished.isSet {
                Thread.sleep(forTimeInterval: 0.1)
                _ = connection.cancel()
            }
        }
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(30)") }
        finished.set()
        #expect(error?.sqlState == .queryCanceled)
        #expect(try connection.query("SELECT 1 AS one").first?.int("one") == 1)
    }

    @Test func closedConnectionThrows() throws {
        let connection = try PostgresConnection(try TestDatabase.settings())
        connection.close()
        #expect(!connection.isConnected)
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.kind == .connection)
    }
}
