import Foundation

/// The rows and status of one statement, copied out of libpq's `PGresult` (which is freed
/// before the result is returned), so it can be kept and passed between threads.
public struct QueryResult: Sendable {
    /// Column names in result order.
    public let columns: [String]
    /// Column type OIDs in result order (see `PostgresType`).
    public let columnTypes: [UInt32]
    public let rows: [Row]
    /// Rows inserted, updated, deleted, … as the command tag reports (0 when it reports none).
    public let affectedRows: Int
    /// The command tag, e.g. `INSERT 0 1`.
    public let commandTag: String

    /// The first row, if any.
    public var first: Row? { rows.first }

    init(columns: [String], columnTypes: [UInt32], values: [[String?]], affectedRows: Int,
         commandTag: String) {
        self.columns = columns
        self.columnTypes = columnTypes
        let index = Row.ColumnIndex(columns: columns, types: columnTypes)
        self.rows = values.map { Row(index: index, values: $0) }
        self.affectedRows = affectedRows
        self.commandTag = commandTag
    }
}

/// One result row: values by column name or position, read as Swift types.
///
/// Getters return nil for SQL NULL and throw a `.decode` error when a value cannot be read as
/// the requested type or the column does not exist.
public struct Row: Sendable {
    /// Column names and types shared by all rows of a result.
    final class ColumnIndex: Sendable {
        let columns: [String]
        let types: [UInt32]
        let positions: [String: Int]

        init(columns: [String], types: [UInt32]) {
            self.columns = columns
            self.types = types
            var positions: [String: Int] = [:]
            // The first column of a name wins, as in SQL's own ambiguity rules for `*`.
            for (position, name) in columns.enumerated() where positions[name] == nil {
                positions[name] = position
            }
            self.positions = positions
        }
    }

    let index: ColumnIndex
    /// Text-format values; nil is SQL NULL.
    let values: [String?]

    /// Column names of this row.
    public var columns: [String] { index.columns }

    /// The raw text of a column; nil for NULL or an unknown column.
    public subscript(_ column: String) -> String? {
        index.positions[column].flatMap { values[$0] }
    }

    /// The raw text of a column by position; nil for NULL.
    public subscript(_ position: Int) -> String? { values[position] }

    /// The position of a column, or a decode error naming it.
    public func position(of column: String) throws -> Int {
        guard let position = index.positions[column] else {
            throw PostgresError(kind: .decode, message: "no column named \"\(column)\" in the result")
        }
        return position
    }

    private func raw(_ column: String) throws -> String? { values[try position(of: column)] }

    private func decodeFailure(_ column: String, _ type: String) -> PostgresError {
        // The value itself stays out of the message: it may be user data.
        PostgresError(kind: .decode, message: "column \"\(column)\" cannot be read as \(type)")
    }

    public func isNull(_ column: String) throws -> Bool { try raw(column) == nil }

    public func string(_ column: String) throws -> String? { try raw(column) }

    public func int(_ column: String) throws -> Int64? {
        guard let text = try raw(column) else { return nil }
        guard let value = Int64(text) else { throw decodeFailure(column, "an integer") }
        return value
    }

    /// float8, float4, integers and numeric, read as Double; `NaN` and `±Infinity` included.
    public func double(_ column: String) throws -> Double? {
        guard let text = try raw(column) else { return nil }
        guard let value = TextFormat.decodeDouble(text) else { throw decodeFailure(column, "a double") }
        return value
    }

    public func bool(_ column: String) throws -> Bool? {
        guard let text = try raw(column) else { return nil }
        switch text {
        case "t", "true": return true
        case "f", "false": return false
        default: throw decodeFailure(column, "a boolean")
        }
    }

    /// A timestamptz (the session's TimeZone is UTC; other offsets are honoured too).
    public func date(_ column: String) throws -> Date? {
        guard let text = try raw(column) else { return nil }
        guard let value = TextFormat.decodeTimestamp(text) else { throw decodeFailure(column, "a timestamp") }
        return value
    }

    /// json/jsonb as its text.
    public func json(_ column: String) throws -> String? { try raw(column) }

    /// json/jsonb decoded into a `Decodable` type.
    public func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        guard let text = try raw(column) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw decodeFailure(column, "JSON of type \(T.self)")
        }
    }

    /// A one-dimensional float8[] (or numeric[]/int[]) with NULL elements as nil.
    public func doubleArray(_ column: String) throws -> [Double?]? {
        guard let text = try raw(column) else { return nil }
        guard let elements = TextFormat.decodeArray(text) else {
            throw decodeFailure(column, "a one-dimensional array")
        }
        return try elements.map { element in
            guard let element else { return nil }
            guard let value = TextFormat.decodeDouble(element) else { throw decodeFailure(column, "a double array") }
            return value
        }
    }

    /// A one-dimensional text[] with NULL elements as nil.
    public func textArray(_ column: String) throws -> [String?]? {
        guard let text = try raw(column) else { return nil }
        guard let elements = TextFormat.decodeArray(text) else {
            throw decodeFailure(column, "a one-dimensional array")
        }
        return elements
    }
}
