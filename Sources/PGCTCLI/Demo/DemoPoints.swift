import Foundation

/// Reproducible points for the demo's story: SplitMix64 uniforms and Box–Muller normals, so
/// that `--seed N` replays exactly the same data on any machine.
///
/// x follows a golden-ratio sequence from a random start rather than independent draws: every
/// batch then spreads evenly over its range, so the feature's distribution changes only where
/// the story changes it (independent draws of 100 points can drift by chance, PSI 0.3+).
struct DemoPoints {
    private var state: UInt64
    private var spread: Double

    init(seed: UInt64) {
        state = seed
        spread = 0
        spread = uniform()
    }

    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) / 9_007_199_254_740_992  // 2^53: uniform in (0, 1)
    }

    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }

    /// `count` points with x uniform in `xRange` and y = slope·x + intercept + N(0, noise²).
    mutating func line(_ count: Int, slope: Double, intercept: Double, noise: Double,
                       xRange: ClosedRange<Double>) -> (x: [Double], y: [Double]) {
        var xs: [Double] = [], ys: [Double] = []
        for _ in 0..<count {
            spread = (spread + 0.618_033_988_749_894_8).truncatingRemainder(dividingBy: 1)
            let x = xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * spread
            xs.append(x)
            ys.append(slope * x + intercept + noise * normal())
        }
        return (xs, ys)
    }
}

/// The relation a phase draws its points from.
struct DemoRelation: Sendable {
    var slope: Double
    var intercept: Double
    var noise: Double
    var xRange: ClosedRange<Double>

    /// The seed's initial data: points near y = 1.19x + 6.7.
    static let initial = DemoRelation(slope: 1.19, intercept: 6.7, noise: 0.5, xRange: 0...10)
    /// The seed's changed data: a flatter cloud, higher up and further right (so the features drift too).
    static let changed = DemoRelation(slope: 0.25, intercept: 28, noise: 0.6, xRange: 4...16)

    var formula: String {
        String(format: "y = %.2fx + %.1f (noise σ %.1f, x in %.0f–%.0f)", slope, intercept, noise,
               xRange.lowerBound, xRange.upperBound)
    }
}
