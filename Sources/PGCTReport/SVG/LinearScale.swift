/// Maps a data interval linearly onto a pixel interval (either direction).
struct LinearScale {
    var domain: (lower: Double, upper: Double)
    var range: (lower: Double, upper: Double)

    init(domain: (Double, Double), range: (Double, Double)) {
        // A zero-width domain would divide by zero; callers pad, but stay safe regardless.
        let (a, b) = domain
        self.domain = a == b ? (a - 1, b + 1) : (a, b)
        self.range = range
    }

    func callAsFunction(_ value: Double) -> Double {
        let t = (value - domain.lower) / (domain.upper - domain.lower)
        return range.lower + t * (range.upper - range.lower)
    }

    func contains(_ value: Double) -> Bool {
        value >= min(domain.lower, domain.upper) && value <= max(domain.lower, domain.upper)
    }
}
