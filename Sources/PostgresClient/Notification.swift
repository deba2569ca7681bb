/// A NOTIFY received on a channel this connection listens to.
public struct Notification: Sendable, Equatable {
    /// The channel name, as the server reports it (unquoted).
    public let channel: String
    /// The payload ('' when none was given).
    public let payload: String
    /// The process id of the notifying backend.
    public let pid: Int32

    public init(channel: String, payload: String, pid: Int32) {
        self.channel = channel
        self.payload = payload
        self.pid = pid
    }
}
