import CLibPQ
import Foundation

extension PostgresConnection {
    /// Starts listening to `channel` (quoted as an identifier: case and any character kept).
    /// The channel is re-listened automatically after `reset()`.
    public func listen(_ channel: String) throws {
        try simpleQuery("LISTEN " + quoteIdentifier(channel))
        if !listenedChannels.contains(channel) { listenedChannels.append(channel) }
    }

    /// Stops listening to `channel`.
    public func unlisten(_ channel: String) throws {
        try simpleQuery("UNLISTEN " + quoteIdentifier(channel))
        listenedChannels.removeAll { $0 == channel }
    }

    /// Listens to `channel` for the duration of `body`, then unlistens (also when it throws).
    public func withListen<T>(_ channel: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        try listen(channel)
        defer { try? unlisten(channel) }
        return try body(self)
    }

    /// Sends a notification through `pg_notify`, with channel and payload as bound values.
    public func notify(_ channel: String, payload: String = "") throws {
        try execute("SELECT pg_catalog.pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// Returns the next notification, waiting up to `timeout` seconds; nil on timeout.
    ///
    /// Notifications that arrived earlier (also during other statements) are returned first,
    /// in the order the server sent them. Blocks in `poll()` on the connection's socket, so it
    /// wakes as soon as data arrives. Throws a connection error when the session is lost.
    public func waitForNotification(timeout: Double) throws -> Notification? {
        let handle = try liveHandle()
        if let queued = nextQueuedNotification(handle) { return queued }
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, timeout) * 1e9)
        while true {
            let socket = PQsocket(handle)
            guard socket >= 0 else { throw connectionFailure() }
            let now = DispatchTime.now().uptimeNanoseconds
            let remainingMilliseconds = now >= deadline ? 0 : Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max)))
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, remainingMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(kind: .connection, message: "poll failed: \(String(cString: strerror(errno)))")
            }
            if ready > 0 {
                // Reads whatever arrived; the server may also have closed the session.
                guard PQconsumeInput(handle) == 1 else { throw connectionFailure() }
                if let notification = nextQueuedNotification(handle) { return notification }
                guard PQstatus(handle) == CONNECTION_OK else { throw connectionFailure() }
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline { return nil }
        }
    }

    /// Pops one notification libpq has already read, freeing it.
    private func nextQueuedNotification(_ handle: OpaquePointer) -> Notification? {
        guard let notify = PQnotifies(handle) else { return nil }
        defer { PQfreemem(notify) }
        return Notification(channel: String(cString: notify.pointee.relname),
                            payload: notify.pointee.extra.map { String(cString: $0) } ?? "",
                            pid: notify.pointee.be_pid)
    }
}
