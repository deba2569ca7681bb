/// An error from the database or from this client.
///
/// Its text never contains a password or a bound parameter value: the server's message, detail
/// and hint are scrubbed of every value bound to the failing statement before they are stored
/// (a unique violation's detail `Key (email)=(…)` would otherwise echo user data).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// Where the error arose.
    public enum Kind: String, Sendable {
        /// Connecting failed, or the connection was lost.
        case connection
        /// The server rejected a statement.
        case query
        /// The server or libpq did something this client did not expect.
        case `protocol`
        /// A value could not be read as the requested Swift type.
        case decode
    }

    public var kind: Kind
    /// The SQLSTATE, when the server sent one.
    public var sqlState: SQLState?
    /// `ERROR`, `FATAL`, `PANIC` (never localized), when the server sent one.
    public var severity: String?
    /// The primary message.
    public var message: String
    public var detail: String?
    public var hint: String?
    /// Schema, table, column and constraint the error concerns, when the server names them.
    public var schemaName: String?
    public var tableName: String?
    public var columnName: String?
    public var constraintName: String?

    public init(kind: Kind, sqlState: SQLState? = nil, severity: String? = nil, message: String,
                detail: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
    }

    /// True when reconnecting is the way forward: a connection error, or a SQLSTATE of class 08
    /// or an administrator/crash shutdown.
    public var isConnectionError: Bool {
        kind == .connection || (sqlState?.isConnectionError ?? false)
    }

    /// `query error ERROR 23505: message (detail: …) (hint: …)`, already free of secrets.
    public var description: String {
        var text = "\(kind.rawValue) error"
        if let severity { text += " \(severity)" }
        if let sqlState { text += " \(sqlState.rawValue)" }
        text += ": \(message)"
        if let detail, !detail.isEmpty { text += " (detail: \(detail))" }
        if let hint, !hint.isEmpty { text += " (hint: \(hint))" }
        return text
    }

    /// The same error with every secret removed from its texts.
    func redacting(_ secrets: [String]) -> PostgresError {
        guard !secrets.isEmpty else { return self }
        var copy = self
        copy.message = Redaction.redact(message, secrets: secrets)
        copy.detail = detail.map { Redaction.redact($0, secrets: secrets) }
        copy.hint = hint.map { Redaction.redact($0, secrets: secrets) }
        return copy
    }
}
