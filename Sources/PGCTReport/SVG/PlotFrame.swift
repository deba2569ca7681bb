/// The frame of a two-axis chart: size, margins, scales, grid, ticks, axis titles and legend.
struct PlotFrame {
    var width: Double
    var height: Double
    var xTicks: Ticks
    var yTicks: Ticks
    var xTitle: String
    var yTitle: String
    /// Legend entries; the legend is drawn above the plot only when there are two or more.
    var legend: [LegendEntry] = []

    var top: Double { legend.count > 1 ? 34 : 14 }
    var bottom: Double { 50 }
    var right: Double { 18 }
    /// Wide enough for the longest y tick label (about 7 px per character at 12 px).
    var left: Double { max(52, Double(yTicks.labels.map(\.count).max() ?? 1) * 7 + 34) }

    var x: LinearScale { LinearScale(domain: xTicks.domain, range: (left, width - right)) }
    var y: LinearScale { LinearScale(domain: yTicks.domain, range: (height - bottom, top)) }
    var plotWidth: Double { width - right - left }
    var plotHeight: Double { height - bottom - top }

    /// Grid lines, the frame, tick labels and axis titles.
    func drawAxes(_ svg: inout SVGBuilder) {
        let x = self.x, y = self.y
        for (value, label) in zip(yTicks.values, yTicks.labels) where y.contains(value) {
            let py = y(value)
            svg.line(left, py, width - right, py, stroke: Palette.grid)
            svg.text(label, x: left - 6, y: py + 4, anchor: .end, size: 11, fill: Palette.muted)
        }
        for (value, label) in zip(xTicks.values, xTicks.labels) where x.contains(value) {
            let px = x(value)
            svg.line(px, top, px, height - bottom, stroke: Palette.grid)
            svg.line(px, height - bottom, px, height - bottom + 4, stroke: Palette.axis)
            svg.text(label, x: px, y: height - bottom + 17, anchor: .middle, size: 11, fill: Palette.muted)
        }
        svg.line(left, height - bottom, width - right, height - bottom, stroke: Palette.axis)
        svg.line(left, top, left, height - bottom, stroke: Palette.axis)
        svg.text(xTitle, x: left + plotWidth / 2, y: height - 10, anchor: .middle, size: 12, cls: "axis-title")
        let cy = top + plotHeight / 2
        svg.text(yTitle, x: 14, y: cy, anchor: .middle, size: 12, rotate: -90, cls: "axis-title")
        if legend.count > 1 { drawLegend(&svg) }
    }

    private func drawLegend(_ svg: inout SVGBuilder) {
        var cursor = left
        let baseline = 16.0
        for entry in legend {
            entry.drawSwatch(&svg, x: cursor, y: baseline - 4)
            svg.text(entry.label, x: cursor + 22, y: baseline, size: 12, cls: "legend")
            cursor += 22 + Double(entry.label.count) * 6.6 + 18
        }
    }
}

/// One legend entry: a label and the swatch that looks like its series.
struct LegendEntry {
    /// What the series looks like.
    enum Swatch {
        case point(String)
        case line(String, dash: String?)
        case bar(String)
    }

    var label: String
    var swatch: Swatch

    func drawSwatch(_ svg: inout SVGBuilder, x: Double, y: Double) {
        switch swatch {
        case .point(let color): svg.circle(x + 8, y, r: 4, fill: color)
        case .line(let color, let dash): svg.line(x, y, x + 16, y, stroke: color, width: 2, dash: dash)
        case .bar(let color): svg.rect(x + 2, y - 5, 12, 10, fill: color)
        }
    }
}
