import Foundation

/// Severity of a log line and of a `pgct.events` row (the same three levels as the seed's log).
public enum LogLevel: String, Sendable, Comparable, CaseIterable, Codable {
    case debug = "DEBUG", info = "INFO", warning = "WARNING", severe = "SEVERE"

    var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .severe: 3
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }

    /// Parses `--log-level` values case-insensitively (`debug`, `info`, `warning`/`warn`, `severe`/`error`).
    public init?(option: String) {
        switch option.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "severe", "error": self = .severe
        default: return nil
        }
    }
}

/// A value in a log line's metadata.
public enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral
{
    case string(String), int(Int64), double(Double), bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    var jsonObject: Any {
        switch self {
        case .string(let text): text
        case .int(let number): number
        case .double(let number): number.isFinite ? number as Any : String(number)
        case .bool(let flag): flag
        }
    }
}

/// Structured logging in swift-log's style: a constant message, the data in dotted metadata keys,
/// written as one JSON object per line on stderr. Never pass a password or a bound value in here.
public final class Logger: @unchecked Sendable {
    public let minimumLevel: LogLevel
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void

    /// A logger that writes lines at `minimumLevel` and above to stderr (or to `write`, for tests).
    public init(minimumLevel: LogLevel = .info, write: (@Sendable (String) -> Void)? = nil) {
        self.minimumLevel = minimumLevel
        self.write = write ?? { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    public func log(_ level: LogLevel, _ message: StaticString, _ metadata: [String: LogValue] = [:]) {
        guard level >= minimumLevel else { return }
        var object: [String: Any] = [
            "ts": Logger.timestamp(Date()),
            "level": level.rawValue,
            "msg": "\(message)",
        ]
        for (key, value) in metadata { object[key] = value.jsonObject }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
              let line = String(data: data, encoding: .utf8) else { return }
        lock.withLock { write(line) }
    }

    public func debug(_ message: StaticString, _ metadata: [String: LogValue] = [:]) { log(.debug, message, metadata) }
    public func info(_ message: StaticString, _ metadata: [String: LogValue] = [:]) { log(.info, message, metadata) }
    public func warning(_ message: StaticString, _ metadata: [String: LogValue] = [:]) { log(.warning, message, metadata) }
    public func severe(_ message: StaticString, _ metadata: [String: LogValue] = [:]) { log(.severe, message, metadata) }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
