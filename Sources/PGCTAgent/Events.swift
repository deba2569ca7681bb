import Foundation
import PostgresClient

/// Writes every step both as a JSON log line on stderr and as a row of `pgct.events`,
/// so that what the agent did is visible from the shell and from SQL alike.
struct EventSink {
    let connection: PostgresConnection
    let logger: Logger

    /// Records one event. `event` is the constant name (the log line's `msg`); `message` is the
    /// human sentence stored in `pgct.events.message`. A failure to write the event row is
    /// logged, never thrown: losing an audit line must not abort the work it describes.
    func emit(_ level: LogLevel, _ event: StaticString, _ message: String, details: [String: Any] = [:],
              model: ModelRecord? = nil, version: Int? = nil, job: Job? = nil) {
        var metadata: [String: LogValue] = ["event.message": .string(message)]
        if let model { metadata["model"] = .string(model.name) }
        if let version { metadata["version"] = .int(Int64(version)) }
        if let job { metadata["job"] = .int(job.id) }
        for (key, value) in details {
            switch value {
            case let number as Int: metadata[key] = .int(Int64(number))
            case let number as Int64: metadata[key] = .int(number)
            case let number as Double: metadata[key] = .double(number)
            case let text as String: metadata[key] = .string(text)
            case let flag as Bool: metadata[key] = .bool(flag)
            default: break
            }
        }
        logger.log(level, event, metadata)
        let sqlLevel = level == .debug ? LogLevel.info : level
        do {
            try connection.execute(
                "SELECT pgct.log_event($1, $2, $3, $4, $5, $6::int, $7)",
                [.text(sqlLevel.rawValue), .text("\(event)"), .text(message), .json(JSONText.encode(details)),
                 .optional(model?.id, PostgresValue.int), .optional(version.map(Int64.init), PostgresValue.int),
                 .optional(job?.id, PostgresValue.int)])
        } catch {
            logger.warning("event_not_recorded", ["error": .string("\(error)")])
        }
    }
}

/// JSON text for jsonb parameters, with non-finite numbers written as null (JSON has no NaN).
enum JSONText {
    static func encode(_ object: Any, pretty: Bool = false) -> String {
        let clean = sanitize(object)
        guard JSONSerialization.isValidJSONObject(clean),
              let data = try? JSONSerialization.data(withJSONObject: clean,
                                                     options: pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys])
        else { return "{}" }
        return String(data: data, encoding: .utf8) ?? "{}"
    }

    /// The model library's Codable values as JSON objects, with snake_case keys like every other
    /// key pgct stores in jsonb (`excluded_rows`, `ks_p_value`, …).
    static func object<T: Encodable>(_ value: T) -> Any {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(value),
              let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return NSNull() }
        return object
    }

    /// Unwraps optionals (nil → null), replaces non-finite doubles by null, recursively.
    static func sanitize(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first else { return NSNull() }
            return sanitize(wrapped.value)
        }
        switch value {
        // NSNumber, not Double: a Double pattern would also match JSON booleans (bridged
        // NSNumbers) and turn `false` into 0. Booleans stay booleans, NaN/±Inf become null.
        case let number as NSNumber: return number.doubleValue.isFinite ? number : NSNull()
        case let dictionary as [String: Any]: return dictionary.mapValues(sanitize)
        case let array as [Any]: return array.map(sanitize)
        default: return value
        }
    }

    /// Decodes what ``object(_:)`` stored.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(text.utf8))
    }

    static func parse(_ text: String?) -> [String: Any] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return [:] }
        return object
    }
}
