import CLibPQ
import Foundation

/// Where to connect, resolved once from an explicit DSN, `DATABASE_URL` or the `PG*` variables.
///
/// Connection details are never assembled into a conninfo string: the connection string (a URI
/// or `key=value` list, exactly as the user gave it) is handed to `PQconnectdbParams` as the
/// expandable `dbname`, and every other setting travels as its own keyword/value pair, so a
/// value can never smuggle in another keyword. Printing a `ConnectionSettings` (description,
/// debug description or reflection) shows `redactedDescription`: never the password.
public struct ConnectionSettings: Sendable, Equatable {
    /// Which input the settings came from, in the order of precedence.
    public enum Source: String, Sendable, Equatable {
        /// An explicit DSN (`--dsn`).
        case dsn
        /// The `DATABASE_URL` environment variable.
        case databaseURL
        /// The standard `PG*` environment variables (and `.pgpass`, read by libpq).
        case environment
        /// Keyword/value pairs given in code (e.g. a throwaway cluster).
        case parameters
    }

    /// Which input won.
    public let source: Source
    /// The URI or `key=value` string given as DSN or `DATABASE_URL`, passed to libpq unparsed.
    public let connectionString: String?
    /// libpq keywords (`host`, `port`, `dbname`, `user`, `connect_timeout`, …) applied after the
    /// connection string, so they override what it says.
    public var parameters: [String: String]

    /// The `PG*` variables libpq documents, and the keyword each one sets.
    static let environmentKeywords: [(variable: String, keyword: String)] = [
        ("PGHOST", "host"), ("PGHOSTADDR", "hostaddr"), ("PGPORT", "port"),
        ("PGDATABASE", "dbname"), ("PGUSER", "user"), ("PGPASSWORD", "password"),
        ("PGPASSFILE", "passfile"), ("PGSERVICE", "service"), ("PGOPTIONS", "options"),
        ("PGAPPNAME", "application_name"), ("PGSSLMODE", "sslmode"),
        ("PGSSLCERT", "sslcert"), ("PGSSLKEY", "sslkey"), ("PGSSLROOTCERT", "sslrootcert"),
        ("PGSSLCRL", "sslcrl"), ("PGREQUIRESSL", "requiressl"), ("PGGSSENCMODE", "gssencmode"),
        ("PGCONNECT_TIMEOUT", "connect_timeout"), ("PGTARGETSESSIONATTRS", "target_session_attrs"),
        ("PGCLIENTENCODING", "client_encoding"), ("PGCHANNELBINDING", "channel_binding"),
    ]

    /// Resolves where to connect: `dsn` when given and non-empty, else `DATABASE_URL`, else the
    /// `PG*` variables of `environment` (libpq also reads `.pgpass` and its own defaults).
    ///
    /// The `PG*` variables are read from `environment` rather than left to libpq so that a
    /// caller can describe another environment (a child process, a throwaway cluster, a test).
    public init(dsn: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let dsn, !dsn.trimmingCharacters(in: .whitespaces).isEmpty {
            self.source = .dsn
            self.connectionString = dsn
            self.parameters = [:]
        } else if let url = environment["DATABASE_URL"],
                  !url.trimmingCharacters(in: .whitespaces).isEmpty {
            self.source = .databaseURL
            self.connectionString = url
            self.parameters = [:]
        } else {
            self.source = .environment
            self.connectionString = nil
            var parameters: [String: String] = [:]
            for (variable, keyword) in Self.environmentKeywords {
                if let value = environment[variable], !value.isEmpty { parameters[keyword] = value }
            }
            self.parameters = parameters
        }
    }

    /// Settings from libpq keywords only, e.g. `["host": "127.0.0.1", "port": "5432"]`.
    public init(parameters: [String: String]) {
        self.source = .parameters
        self.connectionString = nil
        self.parameters = parameters
    }

    /// A copy with one libpq keyword set (it overrides the connection string), e.g.
    /// `settings.with("dbname", "other")`.
    public func with(_ keyword: String, _ value: String) -> ConnectionSettings {
        var copy = self
        copy.parameters[keyword] = value
        return copy
    }

    /// The effective keyword values: the connection string parsed by libpq, then `parameters`.
    /// Throws a `.connection` error (without the string's content) when libpq cannot parse it.
    public func resolvedParameters() throws -> [String: String] {
        var result: [String: String] = [:]
        if let connectionString {
            result = try Self.parse(connectionString)
        }
        for (keyword, value) in parameters { result[keyword] = value }
        return result
    }

    /// `host=… port=… dbname=… user=…` for logs and errors: the password is never shown.
    public var redactedDescription: String {
        guard let resolved = try? resolvedParameters() else {
            return "invalid connection string (from \(source.rawValue))"
        }
        var parts: [String] = []
        for keyword in ["host", "hostaddr", "port", "dbname", "user", "sslmode"] {
            if let value = resolved[keyword], !value.isEmpty { parts.append("\(keyword)=\(value)") }
        }
        if parts.isEmpty { return "libpq defaults (from \(source.rawValue))" }
        return parts.joined(separator: " ")
    }

    /// Every value in these settings that must never be printed: the password keyword, and the
    /// raw password text of a URI (which libpq's parse error messages could otherwise echo).
    var secrets: [String] {
        var found: [String] = []
        if let password = parameters["password"] { found.append(password) }
        if let connectionString {
            if let parsed = try? Self.parse(connectionString), let password = parsed["password"] {
                found.append(password)
            }
            found.append(contentsOf: Self.rawURIPasswords(in: connectionString))
            found.append(contentsOf: Self.rawKeywordPasswords(in: connectionString))
        }
        return found.filter { !$0.isEmpty }
    }

    /// The `password` part of `scheme://user:password@host`, still percent-encoded, and decoded.
    static func rawURIPasswords(in text: String) -> [String] {
        guard let schemeEnd = text.range(of: "://") else { return [] }
        let rest = text[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return [] }
        let userinfo = rest[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return [] }
        let raw = String(userinfo[userinfo.index(after: colon)...])
        var result = [raw]
        if let decoded = raw.removingPercentEncoding, decoded != raw { result.append(decoded) }
        return result
    }

    /// The value after `password=` in a `key=value` string or a URI query, as written.
    static func rawKeywordPasswords(in text: String) -> [String] {
        var result: [String] = []
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: "password", options: .caseInsensitive, range: searchRange) {
            var index = found.upperBound
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            if index < text.endIndex, text[index] == "=" {
                index = text.index(after: index)
                while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
                var value = ""
                if index < text.endIndex, text[index] == "'" {
                    index = text.index(after: index)
                    while index < text.endIndex, text[index] != "'" {
                        if text[index] == "\\" { index = text.index(after: index) }
                        if index < text.endIndex { value.append(text[index]); index = text.index(after: index) }
                    }
                } else {
                    while index < text.endIndex, !" &".contains(text[index]) {
                        value.append(text[index]); index = text.index(after: index)
                    }
                }
                if !value.isEmpty {
                    result.append(value)
                    if let decoded = value.removingPercentEncoding, decoded != value { result.append(decoded) }
                }
            }
            searchRange = found.upperBound..<text.endIndex
        }
        return result
    }

    /// Parses a URI or `key=value` string with libpq's own parser (`PQconninfoParse`).
    static func parse(_ connectionString: String) throws -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            // libpq's message can quote the malformed part, which may be the password:
            // report it only after scrubbing every secret we can find in the string.
            var reason = "out of memory"
            if let errorMessage {
                reason = String(cString: errorMessage).trimmingCharacters(in: .whitespacesAndNewlines)
                PQfreemem(errorMessage)
            }
            let secrets = rawURIPasswords(in: connectionString) + rawKeywordPasswords(in: connectionString)
            throw PostgresError(kind: .connection,
                                message: "invalid connection string: " + Redaction.redact(reason, secrets: secrets))
        }
        defer { PQconninfoFree(options) }
        var result: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { result[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return result
    }

    public static func == (lhs: ConnectionSettings, rhs: ConnectionSettings) -> Bool {
        lhs.source == rhs.source && lhs.connectionString == rhs.connectionString
            && lhs.parameters == rhs.parameters
    }
}

extension ConnectionSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The redacted description: interpolating settings into a log line cannot leak a password.
    public var description: String { redactedDescription }
    /// The redacted description, also for `debugPrint` and `String(reflecting:)`.
    public var debugDescription: String { "ConnectionSettings(\(redactedDescription))" }
    /// A mirror without the connection string or parameters, so `dump()` cannot leak either.
    public var customMirror: Mirror {
        Mirror(self, children: ["source": source.rawValue, "redacted": redactedDescription])
    }
}
