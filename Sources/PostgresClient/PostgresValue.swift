import Foundation

/// A value bound to a statement parameter (`$1`, `$2`, …). Values always travel separately
/// from the SQL text, in PostgreSQL's text format, with the type the case implies.
public enum PostgresValue: Sendable, Equatable {
    case null
    /// Sent with an unspecified type, so the server infers it from context (`$1::int` works).
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    /// JSON text, sent as `jsonb`.
    case json(String)
    /// Sent as `float8[]`; `nil` elements are SQL NULLs; NaN and ±Infinity are kept.
    case doubleArray([Double?])
    /// Sent as `text[]`; `nil` elements are SQL NULLs.
    case textArray([String?])
    /// Sent as `timestamptz`, in UTC with microsecond precision.
    case timestamp(Date)

    /// The type OID sent with the parameter (0: let the server infer it).
    var typeOID: UInt32 {
        switch self {
        case .null, .text: return 0
        case .int: return PostgresType.int8
        case .double: return PostgresType.float8
        case .bool: return PostgresType.bool
        case .json: return PostgresType.jsonb
        case .doubleArray: return PostgresType.float8Array
        case .textArray: return PostgresType.textArray
        case .timestamp: return PostgresType.timestamptz
        }
    }

    /// The value in PostgreSQL's text input format; nil for SQL NULL.
    var textEncoding: String? {
        switch self {
        case .null: return nil
        case .text(let value), .json(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return TextFormat.encodeDouble(value)
        case .bool(let value): return value ? "t" : "f"
        case .doubleArray(let values):
            return TextFormat.encodeArray(values.map { $0.map(TextFormat.encodeDouble) })
        case .textArray(let values): return TextFormat.encodeArray(values)
        case .timestamp(let date): return TextFormat.encodeTimestamp(date)
        }
    }

    /// Wraps an optional: nil becomes SQL NULL.
    public static func optional<T>(_ value: T?, _ wrap: (T) -> PostgresValue) -> PostgresValue {
        value.map(wrap) ?? .null
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// Type OIDs of the built-in types the client reads and writes (fixed in `pg_type.dat`).
public enum PostgresType {
    public static let bool: UInt32 = 16
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let textArray: UInt32 = 1009
    public static let float8Array: UInt32 = 1022
    public static let varchar: UInt32 = 1043
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let numeric: UInt32 = 1700
    public static let jsonb: UInt32 = 3802
}
