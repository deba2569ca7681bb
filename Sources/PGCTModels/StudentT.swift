import Foundation

/// Student's t distribution through the regularized incomplete beta function.
///
/// I_x(a, b) is evaluated with its continued fraction (modified Lentz's method), using the
/// symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly — the textbook
/// algorithm (Press et al., Numerical Recipes §6.4; Lentz 1976), written here from the formulas.
public enum StudentT {
    /// Regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
    public static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "incomplete beta needs positive parameters")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // x^a (1−x)^b / (a B(a, b)), computed in logs to avoid overflow.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The continued fraction for I_x(a, b), by the modified Lentz method.
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            // Even step: d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)).
            var coefficient = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + coefficient * d; if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step: d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)).
            coefficient = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + coefficient * d; if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }

    /// Two-sided p-value P(|T| ≥ |t|) for Student's t with `degreesOfFreedom` ν:
    /// I_{ν/(ν+t²)}(ν/2, 1/2).
    public static func twoSidedPValue(t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "degrees of freedom must be positive")
        if t.isInfinite { return 0 }
        return regularizedIncompleteBeta(x: nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// Cumulative distribution P(T ≤ t).
    public static func cdf(t: Double, degreesOfFreedom nu: Double) -> Double {
        let tail = twoSidedPValue(t: t, degreesOfFreedom: nu) / 2
        return t >= 0 ? 1 - tail : tail
    }
}
