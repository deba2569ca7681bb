import Foundation

/// PostgreSQL's text formats for the types the client reads and writes. The session runs with
/// `DateStyle=ISO` and `TimeZone=UTC` (set at connect), so timestamps have one shape.
enum TextFormat {
    // MARK: float8

    /// Shortest text that reads back as the same double; NaN and ±Infinity in PostgreSQL spelling.
    static func encodeDouble(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return "\(value)"
    }

    static func decodeDouble(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    // MARK: arrays

    /// `{"a","b\"c",NULL}`: every element quoted, so no element needs its own rules.
    static func encodeArray(_ elements: [String?]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else { text += "NULL"; continue }
            text += "\""
            for character in element {
                if character == "\"" || character == "\\" { text += "\\" }
                text.append(character)
            }
            text += "\""
        }
        return text + "}"
    }

    /// Parses a one-dimensional array literal as `array_out` writes it: optional `[l:u]=`
    /// bounds, unquoted or quoted elements with backslash escapes, unquoted `NULL` for SQL NULL.
    /// Returns nil for malformed or multi-dimensional input.
    static func decodeArray(_ text: String) -> [String?]? {
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "[" {
            guard let equals = scalars.firstIndex(of: "=") else { return nil }
            scalars = scalars[(equals + 1)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        let body = scalars.dropFirst().dropLast()
        if body.allSatisfy({ $0 == " " }) { return [] }
        var elements: [String?] = []
        var index = body.startIndex
        while true {
            while index < body.endIndex, body[index] == " " { index += 1 }
            guard index < body.endIndex else { return nil }
            if body[index] == "{" { return nil }  // nested: not a one-dimensional array
            var element = String.UnicodeScalarView()
            if body[index] == "\"" {
                index += 1
                var closed = false
                while index < body.endIndex {
                    let scalar = body[index]
                    if scalar == "\\" {
                        index += 1
                        guard index < body.endIndex else { return nil }
                        element.append(body[index])
                    } else if scalar == "\"" {
                        closed = true
                        index += 1
                        break
                    } else {
                        element.append(scalar)
                    }
                    index += 1
                }
                guard closed else { return nil }
                elements.append(String(element))
                while index < body.endIndex, body[index] == " " { index += 1 }
            } else {
                while index < body.endIndex, body[index] != "," {
                    if body[index] == "\\" {
                        index += 1
                        guard index < body.endIndex else { return nil }
                    }
                    element.append(body[index])
                    index += 1
                }
                let word = String(element).trimmingCharacters(in: .whitespaces)
                elements.append(word.uppercased() == "NULL" ? nil : word)
            }
            if index == body.endIndex { return elements }
            guard body[index] == "," else { return nil }
            index += 1
        }
    }

    // MARK: timestamptz

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, always in UTC, microseconds rounded to nearest.
    static func encodeTimestamp(_ date: Date) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let micros = Int64(totalMicros)
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civilFromDays(days)
        let yearText = year > 0 ? pad(year, 4) : pad(1 - year, 4)
        var text = "\(yearText)-\(pad(month, 2))-\(pad(day, 2)) "
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        text += ".\(pad(fraction, 6))+00"
        if year <= 0 { text += " BC" }
        return text
    }

    /// Parses `timestamptz` output in ISO DateStyle: `2024-01-02 03:04:05.123456+05:30`, with
    /// optional fraction, `+HH`, `+HH:MM` or `+HH:MM:SS` offsets, ` BC`, and `±infinity`
    /// (as `Date.distantFuture`/`distantPast`).
    static func decodeTimestamp(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        var chars = Array(text.utf8)[...]
        var bc = false
        if chars.count > 3, chars.suffix(3).elementsEqual(" BC".utf8) {
            bc = true
            chars = chars.dropLast(3)
        }
        func number(_ count: Int? = nil) -> Int64? {
            var value: Int64 = 0
            var digits = 0
            while let c = chars.first, c >= 48, c <= 57, count.map({ digits < $0 }) ?? true {
                value = value * 10 + Int64(c - 48)
                digits += 1
                chars = chars.dropFirst()
            }
            return digits == 0 ? nil : value
        }
        func expect(_ c: UInt8) -> Bool {
            guard chars.first == c else { return false }
            chars = chars.dropFirst()
            return true
        }
        guard var year = number(), expect(45), let month = number(2), expect(45),
              let day = number(2), expect(32) || expect(84),
              let hour = number(2), expect(58), let minute = number(2), expect(58),
              let second = number(2) else { return nil }
        var micros: Int64 = 0
        if expect(46) {
            var scale: Int64 = 100_000
            while let c = chars.first, c >= 48, c <= 57 {
                micros += Int64(c - 48) * scale
                scale /= 10
                chars = chars.dropFirst()
            }
        }
        var offsetSeconds: Int64 = 0
        if let sign = chars.first, sign == 43 || sign == 45 {
            chars = chars.dropFirst()
            guard let offsetHours = number(2) else { return nil }
            var offset = offsetHours * 3600
            if expect(58) { guard let m = number(2) else { return nil }; offset += m * 60 }
            if expect(58) { guard let s = number(2) else { return nil }; offset += s }
            offsetSeconds = sign == 45 ? -offset : offset
        } else if expect(90) {  // "Z"
            offsetSeconds = 0
        }
        guard chars.isEmpty else { return nil }
        if bc { year = 1 - year }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
