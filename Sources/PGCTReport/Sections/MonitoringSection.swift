import Foundation

/// Live R² and MAE of the production version over time, with the thresholds and vertical
/// markers where a version was trained and where the production pointer moved.
enum MonitoringSection {
    static func render(_ data: ReportData) -> String {
        let points = data.monitoring.sorted { $0.at < $1.at }
        guard !points.isEmpty else {
            return HTML.section(id: "monitoring", title: "Live monitoring",
                                body: HTML.empty("No monitoring yet: the production version has not been evaluated on labelled rows."))
        }
        let markers = eventMarkers(data, from: points.first!.at, to: points.last!.at)
        let markerLegend = [
            LegendEntry(label: "retrain decision", swatch: .point(Palette.bad)),
            LegendEntry(label: "version trained", swatch: .line(Palette.marker, dash: "2 3")),
            LegendEntry(label: "promotion", swatch: .line(Palette.good, dash: "2 3")),
        ]
        let r2 = chart(id: "chart-live-r2", label: "Live R² over time", yTitle: "live R²", metric: \.r2,
                       name: "live R²", points: points, markers: markers, legend: markerLegend, floor: -1,
                       threshold: data.thresholds.r2.map { ReferenceLine(kind: .horizontal($0), label: "R² threshold \(NumberFormat.number($0))", color: Palette.bad) })
        let mae = chart(id: "chart-live-mae", label: "Live MAE over time", yTitle: "live MAE (target units)", metric: \.mae,
                        name: "live MAE", points: points, markers: markers, legend: markerLegend, floor: nil,
                        threshold: data.thresholds.mae.map { ReferenceLine(kind: .horizontal($0), label: "MAE threshold \(NumberFormat.number($0))", color: Palette.bad) })
        let insufficient = points.filter { $0.decision == .insufficientData }.count
        let retrains = points.filter { $0.decision == .retrain }.count
        var body = "<p class=\"lead\">\(points.count) evaluations from \(HTMLEscape.text(NumberFormat.dateTime(points.first!.at))) to \(HTMLEscape.text(NumberFormat.dateTime(points.last!.at)))"
        body += ": \(points.count - retrains - insufficient) stable, \(retrains) retrain, \(insufficient) insufficient data.</p>"
        body += HTML.figure(r2.svg, caption: "Live R² of the production version on the labelled rows it predicted; below the threshold the agent retrains.")
        body += HTML.skippedNote(r2, what: "evaluations without an R² (too few labelled rows, or a non-finite value) were")
        if r2.clipped > 0 {
            body += HTML.note("\(r2.clipped) evaluations with R² below −1 are drawn hollow on the bottom edge (lowest \(NumberFormat.number(r2.lowest)))." )
        }
        body += HTML.figure(mae.svg, caption: "Live mean absolute error of the production version.")
        body += HTML.skippedNote(mae, what: "evaluations without an MAE were")
        body += latestTable(points)
        return HTML.section(id: "monitoring", title: "Live monitoring", body: body)
    }

    private static func chart(id: String, label: String, yTitle: String, metric: KeyPath<ReportData.MonitoringPoint, Double?>,
                              name: String, points: [ReportData.MonitoringPoint], markers: [EventMarker],
                              legend: [LegendEntry], floor: Double?, threshold: ReferenceLine?) -> ChartResult {
        let values = points.map { p in
            SeriesPoint(x: p.at.timeIntervalSince1970, y: p[keyPath: metric] ?? .nan,
                        color: p.decision == .retrain ? Palette.bad : nil, segment: p.version ?? 0,
                        title: "\(NumberFormat.dateTime(p.at)) v\(p.version.map(String.init) ?? "?") \(name) \(NumberFormat.number(p[keyPath: metric])) n=\(p.n) \(p.decision.rawValue)")
        }
        return SeriesChart(id: id, label: label, height: 330, xAxis: .time, yTitle: yTitle,
                           series: [Series(name: name, color: Palette.primary, points: values)],
                           references: threshold.map { [$0] } ?? [], markers: markers, extraLegend: legend,
                           yFloor: floor).render()
    }

    /// "vN trained" at each version's creation and "vN promoted"/"rollback to vN" at each
    /// deployment, within the monitored period (plus a margin, so the first promotion shows).
    static func eventMarkers(_ data: ReportData, from: Date, to: Date) -> [EventMarker] {
        let margin = max(to.timeIntervalSince(from) * 0.25, 60)
        let lo = from.addingTimeInterval(-margin), hi = to.addingTimeInterval(margin)
        var markers: [EventMarker] = []
        for v in data.versions {
            guard let at = v.createdAt, at >= lo, at <= hi else { continue }
            markers.append(EventMarker(x: at.timeIntervalSince1970, label: "v\(v.version) trained", color: Palette.marker))
        }
        for d in data.deployments where d.at >= lo && d.at <= hi {
            let text: String
            switch d.action {
            case .promote: text = "v\(d.version) promoted"
            case .rollback: text = "rollback to v\(d.version)"
            case .approve: text = "v\(d.version) approved"
            case .manual: text = "v\(d.version) set manually"
            }
            markers.append(EventMarker(x: d.at.timeIntervalSince1970, label: text,
                                       color: d.action == .rollback ? Palette.secondary : Palette.good))
        }
        return markers
    }

    /// The most recent evaluations as numbers, for reading exact values.
    private static func latestTable(_ points: [ReportData.MonitoringPoint]) -> String {
        let latest = points.suffix(8).reversed()
        let rows: [[Cell]] = latest.map { p in
            let kind: BadgeKind = p.decision == .stable ? .good : (p.decision == .retrain ? .bad : .neutral)
            return [.text(NumberFormat.dateTime(p.at)), .text(p.version.map { "v\($0)" }), .integer(p.n),
                    .number(p.r2), .number(p.mae), .number(p.rmse),
                    .markup(HTML.badge(p.decision.rawValue.replacingOccurrences(of: "_", with: " "), kind: kind))]
        }
        return "<h3>Latest evaluations</h3>" + HTML.table(id: "monitoring-table",
            headers: [("At", false), ("Version", false), ("Labelled n", true), ("R²", true), ("MAE", true),
                      ("RMSE", true), ("Decision", false)], rows: rows)
    }
}
