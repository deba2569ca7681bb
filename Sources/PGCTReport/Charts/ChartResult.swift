/// A rendered chart and how many of its input values were drawn or skipped.
struct ChartResult {
    var svg: String
    /// Data points drawn (each is one element with class `pt`).
    var plotted: Int
    /// Input values left out because they were NaN or ±Infinity (or missing).
    var skipped: Int
    /// Drawn height in SVG units (lets a neighbouring chart match it).
    var height: Double = 0
    /// Points below the chart's floor, drawn hollow on the bottom edge, and the lowest of them.
    var clipped: Int = 0
    var lowest: Double? = nil
}

/// A point of a series; `color` overrides the series colour (e.g. a retrain decision in red).
struct SeriesPoint {
    var x: Double
    var y: Double
    var color: String? = nil
    /// Points are joined only within a segment (e.g. one production version's evaluations), so
    /// the line breaks where the model changed instead of implying a continuous trend.
    var segment: Int = 0
    /// Tooltip text (shown on hover in a browser).
    var title: String
}

/// A data series of a line or scatter chart.
struct Series {
    var name: String
    var color: String
    var points: [SeriesPoint]
    /// Joins the points with a line (time series, per-version history) or not (scatter).
    var connect: Bool = true
    var radius: Double = 3.5
    var opacity: Double? = nil
}

/// A straight reference line drawn across the plot (threshold, y = x, zero line).
struct ReferenceLine {
    /// Which way the line runs.
    enum Kind {
        case horizontal(Double)
        case vertical(Double)
        /// y = slope·x + intercept, clipped to the plot.
        case diagonal(slope: Double, intercept: Double)
    }

    var kind: Kind
    var label: String
    var color: String = Palette.reference
    var dash: String? = "6 4"
}

/// A labelled vertical event marker on an x position (a promotion, a retrain).
struct EventMarker {
    var x: Double
    var label: String
    var color: String
}
