import Foundation

/// The deployment timeline: a time axis with one dot per change of the production pointer,
/// labelled with the action and version ("promote v2"). Dots are circles with class `pt`.
struct TimelineChart {
    /// One event on the timeline.
    struct Event {
        var at: Double
        var label: String
        var color: String
        var title: String
    }

    var id: String
    var label: String
    var width: Double = 1160
    var events: [Event]

    func render() -> ChartResult {
        let finite = events.filter { $0.at.isFinite }.sorted { $0.at < $1.at }
        let (ticks, title) = TimeTicks.ticks(finite.first?.at ?? 0, finite.last?.at ?? 0, target: 8)
        let left = 40.0, right = 40.0
        let x = LinearScale(domain: ticks.domain, range: (left, width - right))
        // Labels alternate rows above the axis when they would collide, like the event markers.
        var rowEnds: [Double] = []
        var rows: [Int] = []
        for event in finite {
            let w = Double(event.label.count) * 6.4
            let start = x(event.at) - w / 2
            let row = rowEnds.firstIndex { $0 < start - 8 } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(0) }
            rowEnds[row] = start + w
            rows.append(row)
        }
        let rowCount = Double(max(rowEnds.count, 1))
        let axisY = 20 + rowCount * 16 + 12
        let height = axisY + 50
        var svg = SVGBuilder()
        svg.line(left, axisY, width - right, axisY, stroke: Palette.axis, width: 2)
        for (value, text) in zip(ticks.values, ticks.labels) where x.contains(value) {
            svg.line(x(value), axisY, x(value), axisY + 5, stroke: Palette.axis)
            svg.text(text, x: x(value), y: axisY + 19, anchor: .middle, size: 11, fill: Palette.muted)
        }
        svg.text(title, x: width / 2, y: height - 6, anchor: .middle, size: 12, cls: "axis-title")
        for (event, row) in zip(finite, rows) {
            let px = x(event.at)
            let ly = 20 + Double(row) * 16
            svg.line(px, ly + 4, px, axisY, stroke: event.color, width: 1, dash: "2 2")
            svg.circle(px, axisY, r: 6, fill: event.color, stroke: "#ffffff", cls: "pt", title: event.title)
            svg.text(event.label, x: px, y: ly, anchor: .middle, size: 11, fill: event.color, weight: "600",
                     halo: true)
        }
        return ChartResult(svg: svg.svg(id: id, width: width, height: height, label: label),
                           plotted: finite.count, skipped: events.count - finite.count)
    }
}
