import CLibPQ
import Foundation

/// One PostgreSQL session over libpq. It owns the `PGconn` and finishes it in `deinit`.
///
/// Every call blocks the calling thread until the server answers (that is libpq's synchronous
/// API). Run connections on a thread of their own, never on Swift's cooperative pool: a
/// blocked pool thread stalls unrelated tasks. A connection is not thread-safe: use it from
/// one thread at a time (the `@unchecked Sendable` only allows handing it to that thread).
/// The exception is `cancel()`, which may be called from any thread.
///
/// Sessions are set to `DateStyle=ISO`, `TimeZone=UTC`, `client_encoding=UTF8` and
/// `extra_float_digits=3` at connect and after `reset()`, so text results parse exactly.
public final class PostgresConnection: @unchecked Sendable {
    /// Where this connection goes.
    public let settings: ConnectionSettings
    /// Called with each NOTICE/WARNING the server sends (`RAISE NOTICE`, "skipping" notices).
    /// By default they are dropped rather than written to stderr, which belongs to the caller.
    public var noticeHandler: (@Sendable (_ severity: String, _ message: String) -> Void)?

    var handle: OpaquePointer?
    /// Values never to print: passwords from the settings.
    let secrets: [String]
    /// Channels to LISTEN to again after `reset()` (the server forgets them with the session).
    var listenedChannels: [String] = []
    private let cancelLock = NSLock()
    private var cancelHandle: OpaquePointer?

    /// Connects (blocking) and prepares the session.
    ///
    /// - Parameter applicationName: shown in `pg_stat_activity`; used only when neither the
    ///   settings nor `PGAPPNAME` name the application (libpq's `fallback_application_name`).
    /// - Throws: a `.connection` `PostgresError` with libpq's reason and the redacted target.
    public init(_ settings: ConnectionSettings, applicationName: String = "pgct") throws {
        self.settings = settings
        self.secrets = settings.secrets
        var keywords: [String] = []
        var values: [String] = []
        if let connectionString = settings.connectionString {
            // Passed whole as an expandable dbname: libpq parses URI and key=value itself.
            keywords.append("dbname")
            values.append(connectionString)
        }
        for (keyword, value) in settings.parameters.sorted(by: { $0.key < $1.key }) {
            keywords.append(keyword)
            values.append(value)
        }
        keywords.append("fallback_application_name")
        values.append(applicationName)
        keywords.append("client_encoding")
        values.append("UTF8")
        let expand: Int32 = settings.connectionString == nil ? 0 : 1
        let connection = CStringArray(keywords).withPointers { keywordPointers in
            CStringArray(values).withPointers { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, expand)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connection, message: "could not allocate a libpq connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(kind: .connection,
                                message: "could not connect to \(settings.redactedDescription): \(reason)")
                .redacting(secrets)
        }
        self.handle = connection
        installNoticeReceiver()
        do {
            try prepareSession()
        } catch {
            PQfinish(connection)
            self.handle = nil
            throw error
        }
    }

    deinit {
        cancelLock.withLock {
            if let cancelHandle { PQfreeCancel(cancelHandle) }
        }
        if let handle { PQfinish(handle) }
    }

    /// Session settings the text parsers rely on, and a fresh cancel handle.
    private func prepareSession() throws {
        try simpleQuery("SET DateStyle = 'ISO'; SET TimeZone = 'UTC'; SET extra_float_digits = 3")
        let newCancel = PQgetCancel(handle)
        cancelLock.withLock {
            if let cancelHandle { PQfreeCancel(cancelHandle) }
            cancelHandle = newCancel
        }
    }

    private func installNoticeReceiver() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        PQsetNoticeReceiver(handle, { context, result in
            guard let context, let result else { return }
            let connection = Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue()
            guard let handler = connection.noticeHandler else { return }
            let severity = PQresultErrorField(result, PGCT_DIAG_SEVERITY_NONLOCALIZED).map { String(cString: $0) } ?? "NOTICE"
            let message = PQresultErrorField(result, PGCT_DIAG_MESSAGE_PRIMARY).map { String(cString: $0) } ?? ""
            handler(severity, message)
        }, context)
    }

    // MARK: state

    /// True while libpq considers the session usable. A server that went away is noticed at the
    /// next I/O (a query, or `waitForNotification`), which then throws a connection error.
    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server version as an integer, e.g. 150004 for 15.4 (0 when not connected).
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// The server process id serving this session (for `pg_terminate_backend`, logs).
    public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// True inside a transaction block (also when it has failed and awaits ROLLBACK).
    public var inTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Reconnects with the same settings (`PQreset`), prepares the session again and
    /// re-issues the LISTENs it had: the caller must still rescan for work missed meanwhile.
    public func reset() throws {
        guard let handle else { throw Self.closedError }
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connection,
                                message: "could not reconnect to \(settings.redactedDescription): \(Self.trimmed(PQerrorMessage(handle)))")
                .redacting(secrets)
        }
        try prepareSession()
        for channel in listenedChannels {
            try simpleQuery("LISTEN " + quoteIdentifier(channel))
        }
    }

    /// Closes the session now instead of at `deinit`. Later calls throw a connection error.
    public func close() {
        cancelLock.withLock {
            if let cancelHandle { PQfreeCancel(cancelHandle) }
            cancelHandle = nil
        }
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Asks the server to cancel the statement this connection is running. Safe to call from
    /// any thread; the running call then throws `SQLState.queryCanceled`.
    @discardableResult
    public func cancel() -> Bool {
        cancelLock.withLock {
            guard let cancelHandle else { return false }
            var buffer = [CChar](repeating: 0, count: 256)
            return PQcancel(cancelHandle, &buffer, Int32(buffer.count)) == 1
        }
    }

    // MARK: statements

    /// Runs one statement with bound parameters (`PQexecParams`, text format) and returns its
    /// rows. Values never enter the SQL text.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws -> QueryResult {
        let handle = try liveHandle()
        var encoded: [String?] = []
        for (position, parameter) in parameters.enumerated() {
            let text = parameter.textEncoding
            if let text, text.utf8.contains(0) {
                throw PostgresError(kind: .query, message: "parameter $\(position + 1) contains a NUL byte, which PostgreSQL text cannot hold")
            }
            encoded.append(text)
        }
        let types = parameters.map { Oid($0.typeOID) }
        let result = types.withUnsafeBufferPointer { typePointer in
            CStringArray(encoded).withPointers { valuePointers in
                PQexecParams(handle, sql, Int32(parameters.count), typePointer.baseAddress,
                             valuePointers, nil, nil, 0)
            }
        }
        return try consume(result, boundSecrets: parameters.flatMap(\.secretTexts))
    }

    /// Same as `execute`, named for statements that read.
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> QueryResult {
        try execute(sql, parameters)
    }

    /// Runs a script of several statements without parameters (`PQexec`), e.g. the extension
    /// script. Statements run in one implicit transaction unless the script has its own.
    /// Returns the last statement's result.
    @discardableResult
    public func simpleQuery(_ sql: String) throws -> QueryResult {
        let handle = try liveHandle()
        return try consume(PQexec(handle, sql), boundSecrets: [])
    }

    /// Quotes an identifier with libpq (`PQescapeIdentifier`), for the few statements that
    /// cannot take parameters (LISTEN, CREATE DATABASE).
    public func quoteIdentifier(_ name: String) throws -> String {
        let handle = try liveHandle()
        guard let escaped = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PostgresError(kind: .query, message: "cannot quote identifier: \(Self.trimmed(PQerrorMessage(handle)))")
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    // MARK: internals

    static let closedError = PostgresError(kind: .connection, message: "the connection is closed")

    func liveHandle() throws -> OpaquePointer {
        guard let handle else { throw Self.closedError }
        return handle
    }

    /// Turns a PGresult into a QueryResult or an error, and frees it on every path.
    func consume(_ result: OpaquePointer?, boundSecrets: [String]) throws -> QueryResult {
        guard let result else { throw connectionFailure() }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return Self.extract(result)
        case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
            abandonCopy()
            throw PostgresError(kind: .protocol, message: "COPY is not supported by execute; use copyOutFloat8")
        default:
            throw error(from: result, boundSecrets: boundSecrets)
        }
    }

    /// The error a failed PGresult describes, classified as connection loss when libpq's
    /// session is gone, scrubbed of passwords and bound values.
    func error(from result: OpaquePointer, boundSecrets: [String]) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let connectionLost = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
        var error = PostgresError(
            kind: connectionLost ? .connection : .query,
            sqlState: field(PGCT_DIAG_SQLSTATE).map(SQLState.init(rawValue:)),
            severity: field(PGCT_DIAG_SEVERITY_NONLOCALIZED),
            message: field(PGCT_DIAG_MESSAGE_PRIMARY) ?? Self.trimmed(PQresultErrorMessage(result)),
            detail: field(PGCT_DIAG_MESSAGE_DETAIL),
            hint: field(PGCT_DIAG_MESSAGE_HINT))
        error.schemaName = field(PGCT_DIAG_SCHEMA_NAME)
        error.tableName = field(PGCT_DIAG_TABLE_NAME)
        error.columnName = field(PGCT_DIAG_COLUMN_NAME)
        error.constraintName = field(PGCT_DIAG_CONSTRAINT_NAME)
        if error.message.isEmpty { error.message = "statement failed without a message" }
        return error.redacting(secrets + boundSecrets)
    }

    /// libpq's own failure (no result, lost socket), as a connection error.
    func connectionFailure() -> PostgresError {
        let message = handle.map { Self.trimmed(PQerrorMessage($0)) } ?? "the connection is closed"
        return PostgresError(kind: .connection, message: message.isEmpty ? "connection lost" : message)
            .redacting(secrets)
    }

    /// Leaves an unexpected COPY state so the session stays usable.
    private func abandonCopy() {
        guard let handle else { return }
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if let buffer { PQfreemem(buffer) }
            if length < 0 { break }
        }
        _ = PQputCopyEnd(handle, "COPY is not supported by execute")
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    static func extract(_ result: OpaquePointer) -> QueryResult {
        let fieldCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        var columns: [String] = []
        var types: [UInt32] = []
        columns.reserveCapacity(fieldCount)
        for field in 0..<fieldCount {
            columns.append(String(cString: PQfname(result, Int32(field))))
            types.append(UInt32(PQftype(result, Int32(field))))
        }
        var values: [[String?]] = []
        values.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var rowValues: [String?] = []
            rowValues.reserveCapacity(fieldCount)
            for field in 0..<fieldCount {
                if PQgetisnull(result, Int32(row), Int32(field)) == 1 {
                    rowValues.append(nil)
                } else {
                    rowValues.append(String(cString: PQgetvalue(result, Int32(row), Int32(field))))
                }
            }
            values.append(rowValues)
        }
        let tag = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        return QueryResult(columns: columns, columnTypes: types, values: values,
                           affectedRows: affected, commandTag: tag)
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n\t", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }
}

extension PostgresValue {
    /// Texts that must not appear in error messages: the value, and each array element.
    var secretTexts: [String] {
        switch self {
        case .doubleArray(let values): return values.compactMap { $0.map(TextFormat.encodeDouble) }
        case .textArray(let values): return values.compactMap { $0 }
        default: return textEncoding.map { [$0] } ?? []
        }
    }
}

/// C strings that live as long as the closure using them: libpq's `const char * const *`.
struct CStringArray {
    let strings: [String?]

    init(_ strings: [String?]) { self.strings = strings }
    init(_ strings: [String]) { self.strings = strings.map { Optional($0) } }

    func withPointers<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        // A trailing NULL terminates keyword lists; parameter arrays ignore it.
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
