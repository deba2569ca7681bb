import Foundation

/// Locale-independent number and date formatting, so a report reads the same on every machine.
enum NumberFormat {
    /// A value with `significant` significant digits, plain notation for ordinary magnitudes and
    /// scientific notation for very small or large ones; "—" for a missing or non-finite value.
    static func number(_ value: Double?, significant: Int = 4) -> String {
        guard let value else { return "—" }
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 {
            return minus(String(format: "%.\(max(significant - 1, 0))e", value))
        }
        let integerDigits = Int(floor(log10(magnitude))) + 1
        let decimals = max(0, significant - integerDigits)
        return minus(trimZeros(String(format: "%.\(decimals)f", value)))
    }

    /// A value with exactly `decimals` decimals (tick labels: every label on an axis has the same).
    static func fixed(_ value: Double, decimals: Int) -> String {
        var v = value
        if abs(v) < 0.5 * pow(10, Double(-decimals)) { v = 0 }  // no "-0.0"
        return minus(String(format: "%.\(decimals)f", v))
    }

    /// A p-value: small values in scientific notation, never printed as a bare 0.
    static func pValue(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        if value < 1e-16 { return "< 1e-16" }
        if value < 1e-3 { return String(format: "%.1e", value) }
        return String(format: "%.3f", value)
    }

    /// An integer with thin-space thousands separators (1 234 567).
    static func integer(_ value: Int?) -> String {
        guard let value else { return "—" }
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{202F}" }
            out.append(ch)
        }
        return value < 0 ? "−" + out : out
    }

    /// An instant in UTC as `2024-05-01 12:34:56 UTC`.
    static func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC",
                      c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The Gregorian calendar in UTC, used for every date shown.
    static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// A typographic minus sign reads better than a hyphen in tables and axes.
    private static func minus(_ s: String) -> String {
        s.hasPrefix("-") ? "−" + s.dropFirst() : s
    }

    private static func trimZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }
}
