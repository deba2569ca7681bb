import Foundation

/// Horizontal bars, one per category, sorted by the caller; category names on the left (long
/// names shortened, the full name in a tooltip), an optional threshold line across the bars.
/// Each bar is a `rect` with class `pt`, one per finite value.
struct BarChart {
    /// One category and its value.
    struct Bar {
        var label: String
        var value: Double
        var color: String
        var title: String
    }

    var id: String
    var label: String
    var width: Double = 1160
    var valueTitle: String
    var bars: [Bar]
    var threshold: ReferenceLine? = nil
    var legend: [LegendEntry] = []

    private static let rowHeight = 22.0
    private static let labelLimit = 28

    func render() -> ChartResult {
        let finite = bars.filter { $0.value.isFinite }
        let skipped = bars.count - finite.count
        var values = finite.map(\.value) + [0]
        if let threshold, case .vertical(let v) = threshold.kind, v.isFinite { values.append(v) }
        let ticks = NiceTicks.linear(values.min()!, values.max()!)
        let legend = self.legend + (threshold.map { [LegendEntry(label: $0.label, swatch: .line($0.color, dash: $0.dash))] } ?? [])
        let longest = finite.map { min($0.label.count, Self.labelLimit) }.max() ?? 4
        let left = max(80, Double(longest) * 7 + 20)
        let top = legend.count > 1 ? 34.0 : 12.0
        let bottom = 48.0, right = 24.0
        let height = top + bottom + max(1, Double(finite.count)) * Self.rowHeight
        let x = LinearScale(domain: ticks.domain, range: (left, width - right))

        var svg = SVGBuilder()
        for (value, text) in zip(ticks.values, ticks.labels) {
            svg.line(x(value), top, x(value), height - bottom, stroke: Palette.grid)
            svg.text(text, x: x(value), y: height - bottom + 17, anchor: .middle, size: 11, fill: Palette.muted)
        }
        svg.line(left, height - bottom, width - right, height - bottom, stroke: Palette.axis)
        svg.line(x(0), top, x(0), height - bottom, stroke: Palette.axis)
        svg.text(valueTitle, x: left + (width - right - left) / 2, y: height - 10, anchor: .middle, size: 12,
                 cls: "axis-title")
        for (i, bar) in finite.enumerated() {
            let y = top + Double(i) * Self.rowHeight
            let (a, b) = (x(min(0, bar.value)), x(max(0, bar.value)))
            svg.rect(a, y + 4, max(b - a, 1), Self.rowHeight - 8, fill: bar.color, cls: "pt", title: bar.title)
            svg.text(HTMLEscape.truncated(bar.label, limit: Self.labelLimit), x: left - 8, y: y + Self.rowHeight / 2 + 4,
                     anchor: .end, size: 12, title: bar.label)
            svg.text(NumberFormat.number(bar.value, significant: 3), x: b + 4, y: y + Self.rowHeight / 2 + 4,
                     size: 10, fill: Palette.muted)
        }
        if let threshold, case .vertical(let v) = threshold.kind, v.isFinite {
            svg.line(x(v), top - 4, x(v), height - bottom, stroke: threshold.color, width: 1.5, dash: threshold.dash,
                     cls: "ref")
        }
        if legend.count > 1 {
            var cursor = left
            for entry in legend {
                entry.drawSwatch(&svg, x: cursor, y: 12)
                svg.text(entry.label, x: cursor + 22, y: 16, size: 12, cls: "legend")
                cursor += 22 + Double(entry.label.count) * 6.6 + 18
            }
        }
        return ChartResult(svg: svg.svg(id: id, width: width, height: height, label: label),
                           plotted: finite.count, skipped: skipped)
    }
}
