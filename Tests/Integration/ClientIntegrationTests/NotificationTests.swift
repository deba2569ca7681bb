import Foundation
import Testing
import PostgresClient

@Suite(.serialized) struct NotificationTests {
    let listener: PostgresConnection
    let sender: PostgresConnection

    init() throws {
        let settings = try TestDatabaseSettings.shared()
        listener = try PostgresConnection(settings)
        sender = try PostgresConnection(settings)
    }

    @Test func notifyArrivesWithinOneSecondWithPayloadIntact() throws {
        let channel = "Jobs Channel \(UUID().uuidString)"  // needs quoting: spaces and capitals
        try listener.listen(channel)
        let payload = "model=42; ünïcode ✓ \"quotes\" 'single'"
        try sender.notify(channel, payload: payload)
        // The 1 s bound is the wait's own timeout: nil (a failure) if it takes longer.
        let notification = try #require(try listener.waitForNotification(timeout: 1.0))
        #expect(notification.channel == channel)
        #expect(notification.payload == payload)
        #expect(notification.pid == sender.backendPID)
        try listener.unlisten(channel)
    }

    @Test func timeoutReturnsNilAndUnlistenStopsDelivery() throws {
        let channel = "quiet_\(UUID().uuidString)"
        try listener.listen(channel)
        #expect(try listener.waitForNotification(timeout: 0.05) == nil)
        try listener.unlisten(channel)
        try sender.notify(channel, payload: "ignored")
        #expect(try listener.waitForNotification(timeout: 0.2) == nil)
    }

    @Test func thousandNotificationsInOrderNoneLost() throws {
        let channel = "burst_\(UUID().uuidString)"
        try listener.listen(channel)
        // Half sent one per transaction, half in one transaction: both must arrive in order.
        for index in 0..<500 { try sender.notify(channel, payload: String(index)) }
        try sender.transaction { tx in
            for index in 500..<1000 { try tx.notify(channel, payload: String(index)) }
        }
        var received: [Int] = []
        while received.count < 1000, let notification = try listener.waitForNotification(timeout: 5) {
            #expect(notification.channel == channel)
            received.append(Int(notification.payload) ?? -1)
        }
        #expect(received == Array(0..<1000))
        #expect(try listener.waitForNotification(timeout: 0.1) == nil)
        try listener.unlisten(channel)
    }

    @Test func notificationsArrivingDuringAQueryAreKept() throws {
        let channel = "during_\(UUID().uuidString)"
        try listener.listen(channel)
        try sender.notify(channel, payload: "early")
        // Give the notification time to reach the listener's socket, then run a statement:
        // libpq reads it along with the statement's result and must keep it queued.
        _ = try listener.query("SELECT pg_sleep(0.2)")
        let notification = try listener.waitForNotification(timeout: 0)
        #expect(notification?.payload == "early")
        try listener.unlisten(channel)
    }

    @Test func withListenUnlistensAfterwards() throws {
        let channel = "scoped_\(UUID().uuidString)"
        let payload = try listener.withListen(channel) { connection -> String? in
            try sender.notify(channel, payload: "inside")
            return try connection.waitForNotification(timeout: 1)?.payload
        }
        #expect(payload == "inside")
        try sender.notify(channel, payload: "outside")
        #expect(try listener.waitForNotification(timeout: 0.2) == nil)
    }
}
