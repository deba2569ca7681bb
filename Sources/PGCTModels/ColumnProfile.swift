/// What one column looks like before training: counts of missing and non-finite values, range,
/// quartiles and IQR outliers. Built from values in Swift, or from the counts one SQL query
/// returns (`count(*) FILTER (WHERE v IS NULL)`, `… = 'NaN'`, `… = 'Infinity'`, `min`, `max`,
/// `percentile_cont(0.25/0.75)` — the same linear quartiles as here).
public struct ColumnProfile: Sendable, Codable, Equatable {
    public var name: String
    /// All rows, whatever their value.
    public var rows: Int
    public var nulls: Int
    public var nans: Int
    public var positiveInfinities: Int
    public var negativeInfinities: Int
    /// Range and quartiles of the finite values (nil when there are none).
    public var minimum: Double?
    public var maximum: Double?
    public var q1: Double?
    public var q3: Double?
    /// Finite values outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] (Tukey's fences, as the seed used).
    public var outliers: Int

    /// Rows holding a finite value.
    public var finiteCount: Int { rows - nulls - nans - positiveInfinities - negativeInfinities }
    /// Rows whose value cannot be used (NULL, NaN, ±Infinity).
    public var unusableCount: Int { rows - finiteCount }
    /// All finite values equal (and there is at least one).
    public var isConstant: Bool { finiteCount > 0 && minimum == maximum }
    /// Q3 − Q1.
    public var interquartileRange: Double? { q1.flatMap { a in q3.map { $0 - a } } }

    /// Profile from counts computed elsewhere (typically by SQL).
    public init(name: String, rows: Int, nulls: Int, nans: Int, positiveInfinities: Int, negativeInfinities: Int,
                minimum: Double?, maximum: Double?, q1: Double?, q3: Double?, outliers: Int) {
        self.name = name
        self.rows = rows
        self.nulls = nulls
        self.nans = nans
        self.positiveInfinities = positiveInfinities
        self.negativeInfinities = negativeInfinities
        self.minimum = minimum
        self.maximum = maximum
        self.q1 = q1
        self.q3 = q3
        self.outliers = outliers
    }

    /// Profile of a column of optional values (nil is SQL NULL).
    public init(name: String, values: [Double?]) {
        var nulls = 0, nans = 0, pos = 0, neg = 0
        var finite: [Double] = []
        finite.reserveCapacity(values.count)
        for v in values {
            guard let v else { nulls += 1; continue }
            if v.isNaN { nans += 1 } else if v == .infinity { pos += 1 } else if v == -.infinity { neg += 1 } else { finite.append(v) }
        }
        finite.sort()
        var q1: Double? = nil, q3: Double? = nil, outliers = 0
        if !finite.isEmpty {
            let a = Quantiles.quantile(sorted: finite, 0.25), b = Quantiles.quantile(sorted: finite, 0.75)
            q1 = a
            q3 = b
            let low = a - 1.5 * (b - a), high = b + 1.5 * (b - a)
            outliers = finite.count(where: { $0 < low || $0 > high })
        }
        self.init(name: name, rows: values.count, nulls: nulls, nans: nans, positiveInfinities: pos,
                  negativeInfinities: neg, minimum: finite.first, maximum: finite.last, q1: q1, q3: q3,
                  outliers: outliers)
    }
}
