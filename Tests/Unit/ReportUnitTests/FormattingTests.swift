import Foundation
import Testing
@testable import PGCTReport

/// Tick computation and number/date formatting.
@Suite struct FormattingTests {
    @Test func niceLinearTicks() {
        let t = NiceTicks.linear(0.13, 9.7)
        #expect(t.values.first! <= 0.13 && t.values.last! >= 9.7)
        #expect(t.labels == ["0", "2", "4", "6", "8", "10"])
        #expect(t.domain.lower == 0 && t.domain.upper == 10)
        let r2 = NiceTicks.linear(-0.074, 0.98)
        #expect(r2.labels == ["−0.25", "0.00", "0.25", "0.50", "0.75", "1.00"])
        // A single value gets a visible interval around it.
        let one = NiceTicks.linear(5, 5)
        #expect(one.domain.lower < 5 && one.domain.upper > 5)
        let zero = NiceTicks.linear(0, 0)
        #expect(zero.domain.lower < 0 && zero.domain.upper > 0)
        #expect(!zero.labels.contains("-0") && !zero.labels.contains("−0"))
    }

    @Test(arguments: [(1e-9, 3e-9), (-1234.5, 98765.0), (0.999, 1.001), (1e12, 1.5e12), (-5.0, -4.0)])
    func ticksAreEvenlySpacedAndCoverTheData(lo: Double, hi: Double) {
        let t = NiceTicks.linear(lo, hi)
        #expect(t.values.count >= 2 && t.values.count <= 12)
        #expect(t.domain.lower <= lo && t.domain.upper >= hi)
        let steps = zip(t.values.dropFirst(), t.values).map { $0 - $1 }
        for s in steps { #expect(abs(s - steps[0]) <= abs(steps[0]) * 1e-9) }
        #expect(Set(t.labels).count == t.labels.count, "labels distinguish ticks: \(t.labels)")
    }

    @Test func integerTicksNeverFractional() {
        let t = NiceTicks.integer(1, 2)
        #expect(t.labels == ["1", "2"])
        let many = NiceTicks.integer(1, 57)
        #expect(many.values.allSatisfy { $0 == $0.rounded() })
        #expect(many.values.count <= 10)
    }

    @Test func timeTicksAtRoundInstants() {
        let start = 1_714_557_600.0  // 2024-05-01 10:00:00 UTC
        let (ticks, title) = TimeTicks.ticks(start + 10, start + 170)
        #expect(title == "time (UTC, 2024-05-01)")
        #expect(ticks.values.allSatisfy { $0.truncatingRemainder(dividingBy: 30) == 0 })
        #expect(ticks.labels.contains("10:01:00"))
        let (days, dayTitle) = TimeTicks.ticks(start, start + 20 * 86400)
        #expect(dayTitle == "time (UTC)")
        #expect(days.labels.allSatisfy { $0.count == 10 && $0.hasPrefix("2024-05") })
    }

    @Test func numbers() {
        #expect(NumberFormat.number(0.968234) == "0.9682")
        #expect(NumberFormat.number(-1.5) == "−1.5")
        #expect(NumberFormat.number(1234567) == "1.235e+06")
        #expect(NumberFormat.number(nil) == "—")
        #expect(NumberFormat.number(.nan) == "NaN")
        #expect(NumberFormat.pValue(0) == "< 1e-16")
        #expect(NumberFormat.pValue(0.0123) == "0.012")
        #expect(NumberFormat.integer(1234567) == "1\u{202F}234\u{202F}567")
        #expect(NumberFormat.dateTime(Date(timeIntervalSince1970: 1_714_557_600)) == "2024-05-01 10:00:00 UTC")
    }
}
