import Foundation

/// Tick positions and their labels for one axis.
struct Ticks {
    /// The axis' full extent (may be wider than the data so that it starts and ends on a tick).
    var domain: (lower: Double, upper: Double)
    var values: [Double]
    var labels: [String]
}

/// "Nice" linear ticks: steps of 1, 2, 2.5 or 5 × 10^k, so labels read as round numbers
/// (Heckbert's "Nice numbers for graph labels", Graphics Gems, 1990, with 2.5 added).
enum NiceTicks {
    /// About `target` ticks covering `lower...upper`; the returned domain is extended to the
    /// outer ticks. A degenerate interval (one value) is widened around the value.
    /// `padding` (a fraction of the span) keeps points off the frame when the data ends near a tick.
    static func linear(_ lower: Double, _ upper: Double, target: Int = 6, padding: Double = 0) -> Ticks {
        var lo = min(lower, upper), hi = max(lower, upper)
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        let pad = (hi - lo) * padding
        lo -= pad
        hi += pad
        if hi - lo <= abs(hi) * 1e-12 || hi == lo {
            // One value (or all equal): show it in the middle of a small interval.
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let step = niceStep((hi - lo) / Double(max(target - 1, 1)))
        let first = floor(lo / step + 1e-9) * step
        let last = ceil(hi / step - 1e-9) * step
        let count = Int(((last - first) / step).rounded()) + 1
        let values = (0..<count).map { first + Double($0) * step }
        let decimals = decimalsFor(step)
        return Ticks(domain: (first, last), values: values,
                     labels: values.map { NumberFormat.fixed($0, decimals: decimals) })
    }

    /// Integer ticks (versions, counts): never a fractional tick, at most about `target` of them.
    static func integer(_ lower: Int, _ upper: Int, target: Int = 8) -> Ticks {
        let lo = min(lower, upper), hi = max(lower, upper)
        let span = max(hi - lo, 1)
        let step = max(1, Int(niceStep(Double(span) / Double(max(target - 1, 1))).rounded(.up)))
        let first = Int(floor(Double(lo) / Double(step))) * step
        let values = stride(from: first, through: hi, by: step).map(Double.init)
        // Half a step of air at each end so the first and last points are not on the frame.
        return Ticks(domain: (Double(lo) - 0.5, Double(max(hi, lo + 1)) + 0.5), values: values,
                     labels: values.map { String(Int($0)) })
    }

    /// The nice number (1, 2, 2.5, 5 × 10^k) nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = floor(log10(raw))
        let base = pow(10, exponent)
        let fraction = raw / base
        let nice: Double
        if fraction <= 1 { nice = 1 } else if fraction <= 2 { nice = 2 } else if fraction <= 2.5 { nice = 2.5 }
        else if fraction <= 5 { nice = 5 } else { nice = 10 }
        return nice * base
    }

    /// Enough decimals to tell ticks `step` apart (2.5 × 10^k needs one more than 10^k).
    static func decimalsFor(_ step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var decimals = max(0, -Int(floor(log10(step) + 1e-9)))
        let scaled = step * pow(10, Double(decimals))
        if abs(scaled - scaled.rounded()) > 1e-6 { decimals += 1 }
        return min(decimals, 12)
    }
}
