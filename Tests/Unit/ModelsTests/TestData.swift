import Foundation

/// The synthetic dataset of bench/compare/reference_values.py, reproduced from the same formulas.
enum TestData {
    static func columns(_ n: Int = 40) -> (x: [[Double]], y: [Double]) {
        let x1 = (0..<n).map { sin(0.37 * Double($0)) * 3 + 10 }
        let x2 = (0..<n).map { cos(0.23 * Double($0)) + 0.05 * Double($0) }
        let x3 = (0..<n).map { Double(($0 * 7) % 11) }
        var y: [Double] = []
        for i in 0..<n {
            let signal: Double = 2 + 1.5 * x1[i] - 0.7 * x2[i] + 0.3 * x3[i]
            let noise: Double = 0.5 * sin(1.3 * Double(i) + 0.4)
            y.append(signal + noise)
        }
        return ([x1, x2, x3], y)
    }

    /// Relative difference, with an absolute floor for values near zero.
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(abs(b), 1e-300)
    }
}
