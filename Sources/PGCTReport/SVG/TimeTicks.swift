import Foundation

/// Ticks on a time axis at round UTC instants (every 10 s, 5 min, 6 h, 1 day…), with labels
/// only as precise as the step needs.
enum TimeTicks {
    /// Candidate steps in seconds, smallest first.
    private static let steps: [Double] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
        86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400,
    ]

    /// Ticks for `lower...upper` (seconds since 1970). The domain gets a little padding so the
    /// first and last points are not drawn on the frame; one instant gets a one-minute window.
    static func ticks(_ lower: Double, _ upper: Double, target: Int = 7) -> (ticks: Ticks, title: String) {
        var lo = min(lower, upper), hi = max(lower, upper)
        if hi - lo < 1 { lo -= 30; hi += 30 }
        let pad = (hi - lo) * 0.03
        lo -= pad
        hi += pad
        let step = steps.first { (hi - lo) / $0 <= Double(target) } ?? steps.last!
        let first = ceil(lo / step) * step
        let values = stride(from: first, through: hi, by: step).map { $0 }
        let calendar = NumberFormat.utcCalendar
        let sameDay = calendar.isDate(Date(timeIntervalSince1970: lo), inSameDayAs: Date(timeIntervalSince1970: hi))
        let labels = values.map { label(Date(timeIntervalSince1970: $0), step: step, sameDay: sameDay, calendar: calendar) }
        let title: String
        if sameDay {
            let day = String(NumberFormat.dateTime(Date(timeIntervalSince1970: lo)).prefix(10))
            title = "time (UTC, \(day))"
        } else {
            title = "time (UTC)"
        }
        return (Ticks(domain: (lo, hi), values: values, labels: labels), title)
    }

    private static func label(_ date: Date, step: Double, sameDay: Bool, calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let (mo, d, h, mi, s) = (c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        if step >= 86400 { return String(format: "%04d-%02d-%02d", c.year ?? 0, mo, d) }
        let clock = step < 60 ? String(format: "%02d:%02d:%02d", h, mi, s) : String(format: "%02d:%02d", h, mi)
        return sameDay ? clock : String(format: "%02d-%02d ", mo, d) + clock
    }
}
