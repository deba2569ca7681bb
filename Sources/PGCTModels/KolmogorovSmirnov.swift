import Foundation

/// Two-sample Kolmogorov–Smirnov statistic with the asymptotic Kolmogorov p-value.
public enum KolmogorovSmirnov {
    /// Survival function of the limiting Kolmogorov distribution, Q(λ) = P(K > λ)
    /// (scipy's `kstwobign.sf`). Two series: the theta-function form of the CDF,
    /// √(2π)/λ Σ exp(−(2k−1)²π²/(8λ²)), converges fast for small λ; the alternating form
    /// 2 Σ (−1)^(k−1) exp(−2k²λ²) for large λ.
    public static func kolmogorovSurvival(_ lambda: Double) -> Double {
        if lambda <= 0 { return 1 }
        if lambda < 1.18 {
            let c = Double.pi * Double.pi / (8 * lambda * lambda)
            var cdf = 0.0
            for k in 1...20 {
                let odd = Double(2 * k - 1)
                let term = exp(-odd * odd * c)
                cdf += term
                if term < 1e-18 * cdf { break }
            }
            return max(0, min(1, 1 - (2 * Double.pi).squareRoot() / lambda * cdf))
        }
        var q = 0.0
        var sign = 1.0
        for k in 1...100 {
            let kd = Double(k)
            let term = exp(-2 * kd * kd * lambda * lambda)
            q += sign * term
            if term < 1e-18 { break }
            sign = -sign
        }
        return max(0, min(1, 2 * q))
    }

    /// Statistic D = sup |F_a − F_b| of two samples (non-finite values ignored).
    public static func statistic(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.filter(\.isFinite).sorted(), y = b.filter(\.isFinite).sorted()
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        var i = 0, j = 0, d = 0.0
        let nx = Double(x.count), ny = Double(y.count)
        while i < x.count && j < y.count {
            // Step past every copy of the smaller value in both samples, so ties move together.
            let v = min(x[i], y[j])
            while i < x.count && x[i] == v { i += 1 }
            while j < y.count && y[j] == v { j += 1 }
            d = max(d, abs(Double(i) / nx - Double(j) / ny))
        }
        return d
    }

    /// Asymptotic two-sided p-value for a statistic from samples of sizes m and n:
    /// Q(√(mn/(m+n)) · D). (scipy's `ks_2samp(method="asymp")` instead uses the finite-n
    /// one-sample distribution at round(mn/(m+n)); the two agree as samples grow.)
    public static func pValue(statistic d: Double, sizes m: Int, _ n: Int) -> Double {
        guard m > 0, n > 0 else { return 1 }
        let en = Double(m) * Double(n) / Double(m + n)
        return kolmogorovSurvival(en.squareRoot() * d)
    }

    /// Statistic and asymptotic p-value of two samples.
    public static func twoSample(_ a: [Double], _ b: [Double]) -> (statistic: Double, pValue: Double) {
        let d = statistic(a, b)
        return (d, pValue(statistic: d, sizes: a.filter(\.isFinite).count, b.filter(\.isFinite).count))
    }

    /// D between a current sample and a stored baseline, whose CDF is taken as piecewise linear
    /// through its percentiles (value_k, k/100). The supremum against a step function is reached at
    /// the sample's jumps, so it is evaluated just before and at each distinct value. This
    /// approximates the two-sample D within the baseline's within-percentile interpolation error.
    public static func statistic(baseline: FeatureStatistics, sample: [Double]) -> Double {
        let x = sample.filter(\.isFinite).sorted()
        guard !x.isEmpty else { return 0 }
        let p = baseline.percentiles
        func cdf(_ v: Double) -> Double {
            if v < p[0] { return 0 }
            if v >= p[p.count - 1] { return 1 }
            var lo = 0, hi = p.count - 1  // largest k with p[k] ≤ v
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if p[mid] <= v { lo = mid } else { hi = mid - 1 }
            }
            let width = p[lo + 1] - p[lo]
            let within = width > 0 ? (v - p[lo]) / width : 0
            return (Double(lo) + within) / Double(p.count - 1)
        }
        let n = Double(x.count)
        var d = 0.0, i = 0
        while i < x.count {
            let v = x[i]
            let before = Double(i) / n
            while i < x.count && x[i] == v { i += 1 }
            let f = cdf(v)
            d = max(d, abs(f - before), abs(f - Double(i) / n))
        }
        return d
    }
}
