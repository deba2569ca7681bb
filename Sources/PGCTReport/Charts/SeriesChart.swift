import Foundation

/// Line and scatter charts over a numeric, integer or time x axis, with reference lines and
/// labelled event markers. Points are circles with class `pt`, one per finite input point.
struct SeriesChart {
    /// How the x axis is ticked and labelled.
    enum XAxis {
        case linear(title: String)
        case integer(title: String)
        /// Seconds since 1970; the title is derived (e.g. "time (UTC, 2024-05-01)").
        case time
    }

    var id: String
    var label: String
    var width: Double = 1160
    var height: Double = 320
    var xAxis: XAxis
    var yTitle: String
    var series: [Series]
    var references: [ReferenceLine] = []
    var markers: [EventMarker] = []
    /// Extra legend entries for things that are not series (e.g. "retrain decision" points).
    var extraLegend: [LegendEntry] = []
    /// Draws the plot square and gives both axes the same ticks (predicted vs actual).
    var equalAxes = false
    /// Lowest y shown: values below are drawn hollow on the bottom edge instead of stretching
    /// the axis (one R² of −40 would otherwise flatten everything that matters near 0…1).
    var yFloor: Double? = nil

    func render() -> ChartResult {
        var skipped = 0
        let series = self.series.map { s -> Series in
            var s = s
            let finite = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            skipped += s.points.count - finite.count
            s.points = finite
            return s
        }
        let all = series.flatMap(\.points)
        var xs = all.map(\.x), ys = all.map(\.y)
        xs += markers.map(\.x).filter(\.isFinite)
        for ref in references {
            switch ref.kind {
            case .horizontal(let v) where v.isFinite: ys.append(v)
            case .vertical(let v) where v.isFinite: xs.append(v)
            default: break
            }
        }
        if equalAxes { xs += ys; ys = xs }
        let xLo = xs.min() ?? 0, xHi = xs.max() ?? 1
        var yLo = ys.min() ?? 0
        let yHi = ys.max() ?? 1
        if let yFloor, yLo < yFloor { yLo = min(yFloor, yHi) }

        // Scatter points are discs that would overlap the frame at the data's extremes.
        let padding = series.contains { !$0.connect } ? 0.03 : 0
        let xTicks: Ticks, xTitle: String
        switch xAxis {
        case .linear(let title): xTicks = NiceTicks.linear(xLo, xHi, padding: padding); xTitle = title
        case .integer(let title): xTicks = NiceTicks.integer(Int(xLo.rounded()), Int(xHi.rounded())); xTitle = title
        case .time: (xTicks, xTitle) = TimeTicks.ticks(xLo, xHi)
        }
        let yTicks = equalAxes ? xTicks : NiceTicks.linear(yLo, yHi, padding: padding)

        var legend = series.map {
            LegendEntry(label: $0.name, swatch: $0.connect ? .line($0.color, dash: nil) : .point($0.color))
        }
        legend += references.map { LegendEntry(label: $0.label, swatch: .line($0.color, dash: $0.dash)) }
        legend += extraLegend
        var frame = PlotFrame(width: width, height: height, xTicks: xTicks, yTicks: yTicks,
                              xTitle: xTitle, yTitle: yTitle, legend: legend)
        if equalAxes {
            // Square plot area so that y = x runs at 45°.
            frame.height = frame.plotWidth + frame.top + frame.bottom
        }
        var svg = SVGBuilder()
        frame.drawAxes(&svg)
        drawReferences(&svg, frame)
        drawMarkers(&svg, frame)
        var plotted = 0, clipped = 0
        var lowest: Double?
        let x = frame.x, y = frame.y
        let floor = frame.yTicks.domain.lower
        for s in series {
            if s.connect {
                var run: [(Double, Double)] = []
                var current: Int?
                for p in s.points.sorted(by: { $0.x < $1.x }) {
                    if p.segment != current {
                        svg.polyline(run, stroke: s.color, width: 2)
                        run = []
                        current = p.segment
                    }
                    run.append((x(p.x), y(max(p.y, floor))))
                }
                svg.polyline(run, stroke: s.color, width: 2)
            }
            for p in s.points {
                if p.y < floor {
                    clipped += 1
                    lowest = min(lowest ?? p.y, p.y)
                    svg.circle(x(p.x), y(floor), r: s.radius + 0.5, fill: "#ffffff", stroke: p.color ?? s.color,
                               cls: "pt clipped", title: p.title)
                } else {
                    svg.circle(x(p.x), y(p.y), r: s.radius, fill: p.color ?? s.color, opacity: s.opacity,
                               cls: "pt", title: p.title)
                }
                plotted += 1
            }
        }
        return ChartResult(svg: svg.svg(id: id, width: width, height: frame.height, label: label),
                           plotted: plotted, skipped: skipped, height: frame.height,
                           clipped: clipped, lowest: lowest)
    }

    private func drawReferences(_ svg: inout SVGBuilder, _ frame: PlotFrame) {
        let x = frame.x, y = frame.y
        let (xl, xh) = (frame.xTicks.domain.lower, frame.xTicks.domain.upper)
        let (yl, yh) = (frame.yTicks.domain.lower, frame.yTicks.domain.upper)
        for ref in references {
            switch ref.kind {
            case .horizontal(let v) where v.isFinite:
                svg.line(x(xl), y(v), x(xh), y(v), stroke: ref.color, width: 1.5, dash: ref.dash, cls: "ref")
            case .vertical(let v) where v.isFinite:
                svg.line(x(v), y(yl), x(v), y(yh), stroke: ref.color, width: 1.5, dash: ref.dash, cls: "ref")
            case .diagonal(let m, let b) where m.isFinite && b.isFinite:
                // Clip the line to the plot rectangle by intersecting with its x and y ranges.
                var lo = xl, hi = xh
                if m != 0 {
                    let a = (yl - b) / m, c = (yh - b) / m
                    lo = max(lo, min(a, c))
                    hi = min(hi, max(a, c))
                }
                if lo < hi {
                    svg.line(x(lo), y(m * lo + b), x(hi), y(m * hi + b), stroke: ref.color, width: 1.5,
                             dash: ref.dash, cls: "ref")
                }
            default: break
            }
        }
    }

    /// Vertical markers with labels at the top of the plot; labels that would overlap move down a row.
    private func drawMarkers(_ svg: inout SVGBuilder, _ frame: PlotFrame) {
        let x = frame.x
        var rowEnds: [Double] = []
        for marker in markers.sorted(by: { $0.x < $1.x }) where marker.x.isFinite {
            let px = x(marker.x)
            svg.line(px, frame.top, px, frame.height - frame.bottom, stroke: marker.color, width: 1.5,
                     dash: "2 3", cls: "marker")
            let textWidth = Double(marker.label.count) * 6.2
            // Labels start at the marker, or end at it when they would run past the right edge.
            let leftAligned = px + 4 + textWidth <= frame.width - frame.right
            let start = leftAligned ? px + 4 : px - 4 - textWidth
            let row = rowEnds.firstIndex { $0 < start - 6 } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(0) }
            rowEnds[row] = start + textWidth
            svg.text(marker.label, x: leftAligned ? px + 4 : px - 4, y: frame.top + 13 + Double(row) * 14,
                     anchor: leftAligned ? .start : .end, size: 11, fill: marker.color, weight: "600",
                     cls: "marker-label", halo: true)
        }
    }
}
